using System.Buffers;
using System.Security.Cryptography;
using System.Text;

namespace DailyPapers.Papers;

/// <summary>
/// A title reduced to what survives every way people and programs write it: LaTeX made readable, accents taken
/// off, case folded, and everything but letters and digits dropped, so <c>{Attention} Is All You Need.</c>,
/// <c>Attention is all\n  you need</c> and <c>ATTENTION IS ALL YOU NEED</c> give one key, and so do
/// <c>Schr\"odinger</c> and <c>Schrödinger</c>, or <c>pre-training</c> and <c>pretraining</c>. The database keeps
/// its hash (<c>paper_title_keys</c>), written with every paper, so an imported library finds papers by title
/// with an index. Every paper an import writes is keyed on the reading thread, so the plain case allocates little.
/// </summary>
public static class TitleKey
{
    /// <summary>Shorter keys ("Notes", "Erratum") name no paper well enough to match on.</summary>
    public const int MinLength = 4;

    /// <summary>Longer titles are cut here (on both sides alike), so hostile input costs a bounded amount.</summary>
    public const int MaxSourceLength = 2_000;

    /// <summary>
    /// Where converting LaTeX can change the letters (commands, accents, math); elsewhere it changes only what the
    /// key drops (braces, dashes, quotes), so a title without these needs no conversion.
    /// </summary>
    private static readonly SearchValues<char> Latex = SearchValues.Create("\\$");

    /// <summary>The key of a title, or null when too little of it is left to tell papers apart.</summary>
    public static string? Of(string? title) => Build(title, key => new string(key));

    /// <summary>What the database stores and looks up: 16 hex digits of the key's SHA-256 (one in 2⁶⁴ to collide).</summary>
    public static string Hash(string key) => HashOfKey(key);

    /// <summary>The stored hash of a title, or null when it has no key.</summary>
    public static string? HashOf(string? title) => Build(title, HashOfKey);

    private static string HashOfKey(ReadOnlySpan<char> key)
    {
        var bytes = ArrayPool<byte>.Shared.Rent(Encoding.UTF8.GetMaxByteCount(key.Length));
        try
        {
            Span<byte> hash = stackalloc byte[32];
            SHA256.HashData(bytes.AsSpan(0, Encoding.UTF8.GetBytes(key, bytes)), hash);
            return Convert.ToHexStringLower(hash[..8]);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(bytes);
        }
    }

    private delegate string KeyResult(ReadOnlySpan<char> key);

    private static string? Build(string? title, KeyResult result)
    {
        if (string.IsNullOrWhiteSpace(title))
        {
            return null;
        }
        var source = title.Length > MaxSourceLength ? title[..MaxSourceLength] : title;
        if (source.AsSpan().IndexOfAny(Latex) >= 0)
        {
            source = PaperText.Display(source);
        }
        // Decomposed, an accented letter is its base letter and a mark, and the mark is not a letter.
        source = source.Normalize(NormalizationForm.FormKD);
        var key = ArrayPool<char>.Shared.Rent(source.Length * 2);
        try
        {
            var length = 0;
            foreach (var rune in source.EnumerateRunes())
            {
                if (Rune.IsLetterOrDigit(rune))
                {
                    length += Rune.ToLowerInvariant(rune).EncodeToUtf16(key.AsSpan(length));
                }
            }
            return length < MinLength ? null : result(key.AsSpan(0, length));
        }
        finally
        {
            ArrayPool<char>.Shared.Return(key);
        }
    }
}

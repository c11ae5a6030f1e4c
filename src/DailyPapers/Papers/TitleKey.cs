using System.Security.Cryptography;
using System.Text;

namespace DailyPapers.Papers;

/// <summary>
/// A title reduced to what survives every way people and programs write it: LaTeX made readable, accents taken
/// off, case folded, and everything but letters and digits dropped, so <c>{Attention} Is All You Need.</c>,
/// <c>Attention is all\n  you need</c> and <c>ATTENTION IS ALL YOU NEED</c> give one key, and so do
/// <c>Schr\"odinger</c> and <c>Schrödinger</c>, or <c>pre-training</c> and <c>pretraining</c>. The database keeps
/// its hash (<c>paper_title_keys</c>), written with every paper, so an imported library finds papers by title
/// with an index.
/// </summary>
public static class TitleKey
{
    /// <summary>Shorter keys ("Notes", "Erratum") name no paper well enough to match on.</summary>
    public const int MinLength = 4;

    /// <summary>Longer titles are cut here (on both sides alike), so hostile input costs a bounded amount.</summary>
    public const int MaxSourceLength = 2_000;

    /// <summary>The key of a title, or null when too little of it is left to tell papers apart.</summary>
    public static string? Of(string? title)
    {
        if (string.IsNullOrWhiteSpace(title))
        {
            return null;
        }
        var text = PaperText.Display(title.Length > MaxSourceLength ? title[..MaxSourceLength] : title).Normalize(NormalizationForm.FormKD);
        var key = new StringBuilder(text.Length);
        Span<char> utf16 = stackalloc char[2];
        foreach (var rune in text.EnumerateRunes())
        {
            if (Rune.IsLetterOrDigit(rune))
            {
                key.Append(utf16[..Rune.ToLowerInvariant(rune).EncodeToUtf16(utf16)]);
            }
        }
        return key.Length < MinLength ? null : key.ToString();
    }

    /// <summary>What the database stores and looks up: 16 hex digits of the key's SHA-256 (one in 2⁶⁴ to collide).</summary>
    public static string Hash(string key) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(key)).AsSpan(0, 8));

    /// <summary>The stored hash of a title, or null when it has no key.</summary>
    public static string? HashOf(string? title) => Of(title) is { } key ? Hash(key) : null;
}

using System.Text;

namespace DailyPapers.Community.Accounts;

/// <summary>
/// Return addresses after sign-in (and after a vote or a save): only paths on this site, never another host
/// ("//evil.example", "/\evil", "javascript:…", control characters a browser would drop). What is kept is
/// percent-encoded to printable ASCII, since a Location header cannot carry "/papers/café" as it stands.
/// </summary>
public static class LocalUrl
{
    public static bool IsLocal(string? url) =>
        !string.IsNullOrEmpty(url) && url.Length <= 2000 && url[0] == '/'
        && (url.Length == 1 || (url[1] != '/' && url[1] != '\\'))
        && !url.Any(char.IsControl) && IsWellFormed(url);

    public static string? OrNull(string? url) => IsLocal(url) ? Encode(url!) : null;

    public static string OrHome(string? url) => IsLocal(url) ? Encode(url!) : "/";

    /// <summary>
    /// Percent-encodes (UTF-8) every character outside printable ASCII and leaves the rest, escapes included, as
    /// it is: "/papers/café?q=ü" becomes "/papers/caf%C3%A9?q=%C3%BC", and encoding twice changes nothing.
    /// </summary>
    private static string Encode(string url)
    {
        if (url.All(c => c is > ' ' and < '\u007f'))
        {
            return url;
        }
        var encoded = new StringBuilder(url.Length + 16);
        Span<byte> utf8 = stackalloc byte[4];
        foreach (var rune in url.EnumerateRunes())
        {
            if (rune.Value is > ' ' and < 0x7f)
            {
                encoded.Append((char)rune.Value);
                continue;
            }
            var length = rune.EncodeToUtf8(utf8);
            foreach (var b in utf8[..length])
            {
                encoded.Append('%').Append(b.ToString("X2", System.Globalization.CultureInfo.InvariantCulture));
            }
        }
        return encoded.ToString();
    }

    /// <summary>False for a lone surrogate, which has no UTF-8 form to encode.</summary>
    private static bool IsWellFormed(ReadOnlySpan<char> url)
    {
        while (!url.IsEmpty)
        {
            if (Rune.DecodeFromUtf16(url, out _, out var used) != System.Buffers.OperationStatus.Done)
            {
                return false;
            }
            url = url[used..];
        }
        return true;
    }
}

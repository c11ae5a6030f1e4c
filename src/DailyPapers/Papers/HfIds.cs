using System.Security.Cryptography;
using System.Text;

namespace DailyPapers.Papers;

/// <summary>
/// Hugging Face clients expect 24-hex-digit object ids (<c>_id</c>, <c>discussionId</c>). Ours are derived
/// from stable keys, so the same author of the same paper has the same id on every node and every day.
/// </summary>
public static class HfIds
{
    public static string For(string kind, string key)
    {
        Span<byte> hash = stackalloc byte[32];
        SHA256.HashData(Encoding.UTF8.GetBytes(kind + "\n" + key), hash);
        return Convert.ToHexStringLower(hash[..12]);
    }

    public static string ForUser(long userId) => userId.ToString("x24", System.Globalization.CultureInfo.InvariantCulture);
}

using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;

namespace DailyPapers.Community.Accounts;

/// <summary>
/// Random tokens for sign-in links and API access. Only their SHA-256 is stored: a copy of the database gives
/// no one a way in. (A fast hash suffices: 256 random bits cannot be guessed, unlike passwords.)
/// </summary>
public static class SecretTokens
{
    /// <summary>What every API token starts with, so leaked ones are easy to recognise and scan for.</summary>
    public const string ApiTokenPrefix = "dpt_";

    /// <summary>32 random bytes, URL-safe base64 (43 characters), after an optional prefix.</summary>
    public static string Create(string prefix = "") => prefix + Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(32));

    /// <summary>The lowercase hex SHA-256 of the token's UTF-8 bytes, as the tables keep it.</summary>
    public static string Hash(string token) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(token)));

    /// <summary>The start of an API token that the token list shows, enough to tell tokens apart.</summary>
    public static string Preview(string token) => token[..Math.Min(token.Length, ApiTokenPrefix.Length + 6)];
}

using System.Buffers.Text;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using DailyPapers.Storage;

namespace DailyPapers.Digest.Subscriptions;

/// <summary>What a signed link lets its holder do.</summary>
public enum LinkPurpose
{
    Manage,
    Unsubscribe,
    View,
}

/// <summary>
/// Signed links in digest mail: <c>{id}.{HMAC}</c>, where the HMAC-SHA256 (truncated to 128 bits) covers the purpose
/// and the id. No table of tokens, no expiry: a link in last month's digest still unsubscribes. The key is made
/// once per database and kept in <c>site_state</c>, encrypted with the <see cref="SiteKey"/> (a file outside the
/// database), so every node checks every node's links and a database backup alone cannot sign any.
/// </summary>
public sealed class DigestLinks(Database database, SiteKey siteKey)
{
    private const string KeyName = "digest_link_key_protected";

    /// <summary>Where older versions kept the key in clear; moved to <see cref="KeyName"/>, encrypted, on first use.</summary>
    private const string ClearKeyName = "digest_link_key";

    private const string Purpose = "digest link key";
    private byte[]? _key;

    public async Task<string> CreateAsync(LinkPurpose purpose, long id, CancellationToken ct = default) =>
        Create(await KeyAsync(ct), purpose, id);

    /// <summary>The id a token stands for, or null when it was not made by this site for this purpose.</summary>
    public async Task<long?> VerifyAsync(LinkPurpose purpose, string? token, CancellationToken ct = default)
    {
        var dot = token?.IndexOf('.', StringComparison.Ordinal) ?? -1;
        if (token is null || token.Length > 80 || dot < 1
            || !long.TryParse(token.AsSpan(0, dot), NumberStyles.None, CultureInfo.InvariantCulture, out var id))
        {
            return null;
        }
        var expected = Encoding.ASCII.GetBytes(Create(await KeyAsync(ct), purpose, id));
        return CryptographicOperations.FixedTimeEquals(expected, Encoding.ASCII.GetBytes(token)) ? id : null;
    }

    /// <summary>A signer for many links at once (the sender signs three per message).</summary>
    public async Task<Func<LinkPurpose, long, string>> SignerAsync(CancellationToken ct = default)
    {
        var key = await KeyAsync(ct);
        return (purpose, id) => Create(key, purpose, id);
    }

    private static string Create(byte[] key, LinkPurpose purpose, long id)
    {
        var mac = HMACSHA256.HashData(key, Encoding.ASCII.GetBytes($"{purpose}:{id.ToString(CultureInfo.InvariantCulture)}"));
        return id.ToString(CultureInfo.InvariantCulture) + "." + Base64Url.EncodeToString(mac.AsSpan(0, 16));
    }

    private async Task<byte[]> KeyAsync(CancellationToken ct)
    {
        if (_key is { } key)
        {
            return key;
        }
        await using var connection = await database.OpenAsync(ct);
        var stored = await SiteState.GetAsync(connection, null, KeyName);
        if (stored is null)
        {
            // A key in clear from an older version keeps the links already mailed working; else a new one. Two nodes
            // may race here: the first insert wins and both read it back.
            var clear = await SiteState.GetAsync(connection, null, ClearKeyName);
            var sealedKey = await siteKey.ProtectAsync(Purpose, clear is null ? RandomNumberGenerator.GetBytes(32) : Convert.FromBase64String(clear), ct);
            await Dapper.SqlMapper.ExecuteAsync(connection,
                "INSERT INTO site_state (key, value) VALUES (@key, @value) ON CONFLICT (key) DO NOTHING",
                new { key = KeyName, value = Convert.ToBase64String(sealedKey) });
            await Dapper.SqlMapper.ExecuteAsync(connection, "DELETE FROM site_state WHERE key = @key", new { key = ClearKeyName });
            stored = await SiteState.GetAsync(connection, null, KeyName);
        }
        return _key = await siteKey.UnprotectAsync(Purpose, Convert.FromBase64String(stored!), ct);
    }
}

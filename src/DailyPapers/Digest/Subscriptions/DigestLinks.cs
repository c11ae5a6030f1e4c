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
/// once per database and kept in <c>site_state</c>, so every node checks every node's links.
/// </summary>
public sealed class DigestLinks(Database database)
{
    private const string KeyName = "digest_link_key";
    private byte[]? _key;

    public async Task<string> CreateAsync(LinkPurpose purpose, long id, CancellationToken ct = default) =>
        Create(await KeyAsync(ct), purpose, id);

    /// <summary>The id a token stands for, or null when it was not made by this site for this purpose.</summary>
    public async Task<long?> VerifyAsync(LinkPurpose purpose, string? token, CancellationToken ct = default)
    {
        var dot = token?.IndexOf('.') ?? -1;
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
            // Two nodes may race here: the first insert wins and both read it back.
            await Dapper.SqlMapper.ExecuteAsync(connection,
                "INSERT INTO site_state (key, value) VALUES (@key, @value) ON CONFLICT (key) DO NOTHING",
                new { key = KeyName, value = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)) });
            stored = await SiteState.GetAsync(connection, null, KeyName);
        }
        return _key = Convert.FromBase64String(stored!);
    }
}

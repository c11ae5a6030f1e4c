using System.Security.Cryptography;
using System.Text;
using Dapper;
using Microsoft.Extensions.Options;

namespace DailyPapers.Storage;

/// <summary>
/// The site's secret kept outside the database, in a key file: it encrypts the secrets the database holds (the
/// data-protection key ring behind sessions and antiforgery tokens, the digest link key), so a leaked backup of the
/// database alone forges nothing. Every node on one database needs the same file: the database remembers the key's
/// fingerprint, and a node with another key, or none while the database has one, refuses to start.
/// </summary>
public sealed class SiteKey(IOptions<SiteKeyOptions> options, Database database, ILogger<SiteKey> logger) : IDisposable
{
    private const string FingerprintName = "site_key_fingerprint";
    private const int KeyBytes = 32;
    private const int NonceBytes = 12;
    private const int TagBytes = 16;

    private readonly SemaphoreSlim _loading = new(1, 1);
    private byte[]? _key;

    /// <summary>The key file this node uses.</summary>
    public string KeyFile => options.Value.KeyFile is { Length: > 0 } configured
        ? configured
        : Path.ChangeExtension(database.SqliteFile ?? DatabaseOptions.DefaultSqliteFile, ".key");

    /// <summary>Reads the key file (making it on a database that has none yet) and checks it against the database.</summary>
    public async Task LoadAsync(CancellationToken ct = default)
    {
        if (_key is not null)
        {
            return;
        }
        await _loading.WaitAsync(ct);
        try
        {
            _key ??= await ReadOrCreateAsync(ct);
        }
        finally
        {
            _loading.Release();
        }
    }

    /// <summary>Encrypts <paramref name="plaintext"/> (AES-256-GCM) under a key derived for <paramref name="purpose"/>.</summary>
    public async Task<byte[]> ProtectAsync(string purpose, byte[] plaintext, CancellationToken ct = default)
    {
        await LoadAsync(ct);
        var output = new byte[NonceBytes + plaintext.Length + TagBytes];
        var nonce = output.AsSpan(0, NonceBytes);
        RandomNumberGenerator.Fill(nonce);
        using var aes = new AesGcm(Subkey(purpose), TagBytes);
        aes.Encrypt(nonce, plaintext, output.AsSpan(NonceBytes, plaintext.Length), output.AsSpan(NonceBytes + plaintext.Length));
        return output;
    }

    /// <summary>The plaintext of <see cref="ProtectAsync"/>; a <see cref="CryptographicException"/> when made with another key.</summary>
    public async Task<byte[]> UnprotectAsync(string purpose, byte[] protectedData, CancellationToken ct = default)
    {
        await LoadAsync(ct);
        if (protectedData.Length < NonceBytes + TagBytes)
        {
            throw new CryptographicException("The protected data is too short.");
        }
        var length = protectedData.Length - NonceBytes - TagBytes;
        var plaintext = new byte[length];
        using var aes = new AesGcm(Subkey(purpose), TagBytes);
        aes.Decrypt(protectedData.AsSpan(0, NonceBytes), protectedData.AsSpan(NonceBytes, length), protectedData.AsSpan(NonceBytes + length), plaintext);
        return plaintext;
    }

    public void Dispose() => _loading.Dispose();

    private byte[] Subkey(string purpose) =>
        HKDF.DeriveKey(HashAlgorithmName.SHA256, _key!, KeyBytes, salt: [], info: Encoding.UTF8.GetBytes("DailyPapers " + purpose));

    /// <summary>A key file that does not fit: a refusal of the configuration, which the host reports in one line naming the key.</summary>
    internal static OptionsValidationException Refused(string reason) =>
        new(Options.DefaultName, typeof(SiteKeyOptions), [reason]);

    private static string Fingerprint(byte[] key) =>
        Convert.ToBase64String(HMACSHA256.HashData(key, "DailyPapers site key fingerprint"u8));

    private async Task<byte[]> ReadOrCreateAsync(CancellationToken ct)
    {
        var path = Path.GetFullPath(KeyFile);
        await using var connection = await database.OpenAsync(ct);
        var known = await SiteState.GetAsync(connection, null, FingerprintName);
        var key = SiteKeyFile.TryRead(path);
        var created = false;
        if (key is null)
        {
            if (known is not null)
            {
                throw Refused(
                    $"The key file {path} (DataProtection:KeyFile) does not exist, but this database's secrets are encrypted with a key "
                    + "file. Copy the key file from a node already serving this database, or from a backup, to that path, or point "
                    + "DataProtection:KeyFile at it. Without it, sessions and the links in digests already sent cannot be read.");
            }
            (key, created) = SiteKeyFile.Create(path, KeyBytes);
            if (created)
            {
                logger.LogWarning("Made the site key {KeyFile}: back it up with the database, and give every node on this database a copy", path);
            }
        }
        var fingerprint = Fingerprint(key);
        if (known is null)
        {
            // Two nodes may start together on a new database: the first fingerprint stored wins.
            await connection.ExecuteAsync("INSERT INTO site_state (key, value) VALUES (@key, @value) ON CONFLICT (key) DO NOTHING",
                new { key = FingerprintName, value = fingerprint });
            known = await SiteState.GetAsync(connection, null, FingerprintName);
        }
        if (known != fingerprint)
        {
            if (created)
            {
                File.Delete(path);
            }
            throw Refused(
                $"The key file {path} (DataProtection:KeyFile) is not the one this database's secrets are encrypted with. Every "
                + "node on one database needs the same key file: copy it from a node already serving this database.");
        }
        return key;
    }
}

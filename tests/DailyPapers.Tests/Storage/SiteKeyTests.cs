using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;
using System.Xml.Linq;
using Dapper;
using DailyPapers.Digest.Subscriptions;
using DailyPapers.Storage;
using DailyPapers.Tests.Support;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.AspNetCore.DataProtection.Repositories;
using Microsoft.Extensions.DependencyInjection;

namespace DailyPapers.Tests.Storage;

/// <summary>
/// The secrets in the database (the data-protection key ring, the digest link key) are encrypted with a key file
/// kept outside it, so a leaked backup alone forges no session or link (issue 11, item 16).
/// </summary>
public sealed class SiteKeyTests : IDisposable
{
    private readonly string _keys = Path.Combine(Path.GetTempPath(), "dailypapers-tests", "keys", Guid.NewGuid().ToString("N"));

    private static readonly Dictionary<string, string?> Quiet = new()
    {
        ["Demo:Enabled"] = "false", ["Digest:Enabled"] = "false", ["Search:EmbedInBackground"] = "false",
    };

    public void Dispose()
    {
        if (Directory.Exists(_keys))
        {
            Directory.Delete(_keys, recursive: true);
        }
    }

    private string NewKeyFile() => Path.Combine(_keys, Guid.NewGuid().ToString("N"), "site.key");

    private static TestApp App(TestDatabase db, string keyFile) =>
        new(db, new Dictionary<string, string?>(Quiet) { ["DataProtection:KeyFile"] = keyFile });

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task The_database_holds_no_secret_in_clear(string provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider, migrate: false);
        var keyFile = NewKeyFile();
        await using var app = App(db, keyFile);
        // A form makes the key ring's first key; a digest link makes the link key.
        Assert.Equal(System.Net.HttpStatusCode.OK, (await app.CreateClient().GetAsync("/signin")).StatusCode);
        await app.Services.GetRequiredService<DigestLinks>().CreateAsync(LinkPurpose.Unsubscribe, 1);

        await using var connection = await db.Database.OpenAsync();
        var ring = (await connection.QueryAsync<string>("SELECT xml FROM data_protection_keys")).ToList();
        Assert.NotEmpty(ring);
        Assert.All(ring, xml =>
        {
            Assert.DoesNotContain("requiresEncryption", xml, StringComparison.Ordinal);
            Assert.Contains("encryptedSecret", xml, StringComparison.Ordinal);
        });
        Assert.Null(await SiteState.GetAsync(connection, null, "digest_link_key"));
        Assert.NotNull(await SiteState.GetAsync(connection, null, "digest_link_key_protected"));
        if (!OperatingSystem.IsWindows())
        {
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(keyFile));
        }
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task A_node_needs_the_same_key_file_as_the_database(string provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider, migrate: false);
        var keyFile = NewKeyFile();
        await using var first = App(db, keyFile);
        _ = first.Server;
        var token = await first.Services.GetRequiredService<DigestLinks>().CreateAsync(LinkPurpose.Manage, 42);

        // No key file: refused, naming the key, and no new key is made behind the operator's back.
        var missing = NewKeyFile();
        await using (var withoutKey = App(db, missing))
        {
            var e = Assert.ThrowsAny<Exception>(() => withoutKey.Server);
            Assert.Contains("DataProtection:KeyFile", e.ToString(), StringComparison.Ordinal);
            Assert.False(File.Exists(missing));
        }
        // Another key (a backup restored next to a fresh install's key): refused.
        var other = NewKeyFile();
        Directory.CreateDirectory(Path.GetDirectoryName(other)!);
        await File.WriteAllTextAsync(other, Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)));
        await using (var withOtherKey = App(db, other))
        {
            var e = Assert.ThrowsAny<Exception>(() => withOtherKey.Server);
            Assert.Contains("not the one this database", e.ToString(), StringComparison.Ordinal);
        }
        // A copy of the key: a second node that checks the first node's links.
        var copy = NewKeyFile();
        Directory.CreateDirectory(Path.GetDirectoryName(copy)!);
        File.Copy(keyFile, copy);
        await using var second = App(db, copy);
        Assert.Equal(42, await second.Services.GetRequiredService<DigestLinks>().VerifyAsync(LinkPurpose.Manage, token));
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Secrets_an_older_version_stored_in_clear_are_encrypted_in_place_and_keep_working(string provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider);
        // What an older version left: a key ring key in clear that protected a cookie, and a link key in clear.
        var oldRing = new MemoryRing();
        using var oldProvider = new ServiceCollection().AddDataProtection().SetApplicationName("DailyPapers").Services
            .Configure<KeyManagementOptions>(o => o.XmlRepository = oldRing).BuildServiceProvider();
        var cookie = oldProvider.GetRequiredService<IDataProtectionProvider>().CreateProtector("session").Protect("reader 7");
        var linkKey = RandomNumberGenerator.GetBytes(32);
        var oldToken = "9." + Base64Url.EncodeToString(HMACSHA256.HashData(linkKey, Encoding.ASCII.GetBytes("Unsubscribe:9")).AsSpan(0, 16));
        var masterKey = Assert.Single(oldRing.Elements).Descendants("value").Single().Value;
        await using (var connection = await db.Database.OpenAsync())
        {
            var xml = oldRing.Elements[0].ToString(SaveOptions.DisableFormatting);
            Assert.Contains("requiresEncryption", xml, StringComparison.Ordinal);
            await connection.ExecuteAsync("INSERT INTO data_protection_keys (name, xml, created_at) VALUES ('old', @xml, @now)",
                new { xml, now = DateTime.UtcNow });
            await SiteState.SetAsync(connection, null, "digest_link_key", Convert.ToBase64String(linkKey));
        }

        await using var app = App(db, NewKeyFile());
        var protector = app.Services.GetRequiredService<IDataProtectionProvider>().CreateProtector("session");

        Assert.Equal("reader 7", protector.Unprotect(cookie));
        Assert.Equal(9, await app.Services.GetRequiredService<DigestLinks>().VerifyAsync(LinkPurpose.Unsubscribe, oldToken));
        await using (var connection = await db.Database.OpenAsync())
        {
            var stored = await connection.QuerySingleAsync<string>("SELECT xml FROM data_protection_keys WHERE name = 'old'");
            Assert.DoesNotContain("requiresEncryption", stored, StringComparison.Ordinal);
            Assert.DoesNotContain(masterKey, stored, StringComparison.Ordinal);
            Assert.Contains("encryptedSecret", stored, StringComparison.Ordinal);
            Assert.Null(await SiteState.GetAsync(connection, null, "digest_link_key"));
        }
    }

    /// <summary>A key ring in memory, as an older version wrote it: no encryptor.</summary>
    private sealed class MemoryRing : IXmlRepository
    {
        public List<XElement> Elements { get; } = [];

        public IReadOnlyCollection<XElement> GetAllElements() => Elements.ToList();

        public void StoreElement(XElement element, string friendlyName) => Elements.Add(element);
    }
}

using System.Security.Cryptography;
using DailyPapers.Storage;
using DailyPapers.Tests.Cli;
using DailyPapers.Tests.Support;

namespace DailyPapers.Tests.Startup;

/// <summary>
/// Configuration the program refuses to run with ends it with one line on stderr naming the key and exit code 1, for
/// the web host and the verbs alike, run as a real process as an operator runs it: never an unhandled exception's
/// stack trace and an abort (exit code 134).
/// </summary>
public sealed class ConfigurationRefusalTests : IDisposable
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "dailypapers-tests", "refusals", Guid.NewGuid().ToString("N"));

    public ConfigurationRefusalTests() => Directory.CreateDirectory(_folder);

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    /// <summary>The settings of a run that would otherwise start (on a free loopback port, nothing in the background).</summary>
    private Dictionary<string, string?> Settings(TestDatabase db) => new(db.Settings)
    {
        ["Demo:Enabled"] = "false",
        ["Digest:Enabled"] = "false",
        ["Harvest:Enabled"] = "false",
        ["Search:EmbedInBackground"] = "false",
        ["Search:IndexPath"] = Path.Combine(_folder, "index"),
        ["Mail:PickupDirectory"] = Path.Combine(_folder, "mail"),
        ["DataProtection:KeyFile"] = Path.Combine(_folder, "site.key"),
    };

    /// <summary>The one error line of a refusal: no stack trace, no "Unhandled exception", exit code 1.</summary>
    private static string RefusalLine((int Exit, string Out, string Err) run)
    {
        Assert.True(run.Exit == 1, $"exit code {run.Exit}; stderr: {run.Err}");
        Assert.DoesNotContain("Unhandled exception", run.Err, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", run.Err, StringComparison.Ordinal);
        return Assert.Single(run.Err.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries),
            line => line.StartsWith("error: ", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("--urls=http://0.0.0.0:0", "Site:BaseUrl is not set")]
    [InlineData("--urls=http://*:0", "Site:BaseUrl is not set")]
    [InlineData("--Site:BaseUrl=papers.example.org", "Site:BaseUrl must be an absolute")]
    [InlineData("--ForwardedHeaders:KnownProxies:0=proxy.example", "ForwardedHeaders:KnownProxies")]
    [InlineData("--Digest:MaxTopics=ten", "Digest:MaxTopics")]
    public async Task The_site_refuses_bad_configuration_in_one_line_with_exit_code_1(string argument, string expected)
    {
        await using var db = await TestDatabase.CreateAsync("Sqlite");
        var settings = Settings(db);
        settings["urls"] = "http://127.0.0.1:0";

        var line = RefusalLine(await MigrateVerbTests.RunAsync(settings, argument));

        Assert.Contains(expected, line, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_verb_that_mails_links_refuses_a_site_others_can_reach_without_a_public_address_in_one_line()
    {
        await using var db = await TestDatabase.CreateAsync("Sqlite");
        var settings = Settings(db);
        settings["ASPNETCORE_URLS"] = "http://0.0.0.0:8080";

        var line = RefusalLine(await MigrateVerbTests.RunAsync(settings, "digest", "send", "--period", "daily", "--date", "2025-12-12"));

        Assert.Contains("Site:BaseUrl is not set", line, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task A_key_file_that_does_not_fit_the_database_is_refused_in_one_line_by_the_site_and_the_verbs(string provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider);
        await using (var connection = await db.Database.OpenAsync())
        {
            // The database's secrets were encrypted with another node's key file.
            await SiteState.SetAsync(connection, null, "site_key_fingerprint", Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)));
        }
        var settings = Settings(db);
        settings["urls"] = "http://127.0.0.1:0";
        var missing = RefusalLine(await MigrateVerbTests.RunAsync(settings));
        await File.WriteAllTextAsync(settings["DataProtection:KeyFile"]!, Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)));

        var other = RefusalLine(await MigrateVerbTests.RunAsync(settings));
        var verb = RefusalLine(await MigrateVerbTests.RunAsync(settings, "digest", "send", "--period", "daily", "--date", "2025-12-12"));

        Assert.Contains("(DataProtection:KeyFile) does not exist", missing, StringComparison.Ordinal);
        Assert.Contains("(DataProtection:KeyFile) is not the one this database", other, StringComparison.Ordinal);
        Assert.Contains("(DataProtection:KeyFile) is not the one this database", verb, StringComparison.Ordinal);
    }
}

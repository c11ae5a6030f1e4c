using System.Diagnostics;
using Dapper;
using DailyPapers.Tests.Support;

namespace DailyPapers.Tests.Cli;

/// <summary>The verbs run as a real process of the one program, as an operator or a script would run them.</summary>
public sealed class MigrateVerbTests
{
    internal static async Task<(int Exit, string Out, string Err)> RunAsync(IReadOnlyDictionary<string, string?> env, params string[] args)
    {
        var psi = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        psi.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "DailyPapers.dll"));
        foreach (var a in args)
        {
            psi.ArgumentList.Add(a);
        }
        foreach (var (k, v) in env)
        {
            psi.Environment[k.Replace(":", "__", StringComparison.Ordinal)] = v;
        }
        using var process = Process.Start(psi)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        try
        {
            await process.WaitForExitAsync().WaitAsync(TimeSpan.FromMinutes(2));
        }
        catch (TimeoutException)
        {
            // A program that should have stopped (a site that should have refused to start) must not outlive the test.
            process.Kill(entireProcessTree: true);
            throw;
        }
        return (process.ExitCode, await stdout, await stderr);
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Migrate_creates_the_schema_loads_the_demo_and_is_idempotent(string provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider, migrate: false);

        var first = await RunAsync(db.Settings, "migrate");
        var second = await RunAsync(db.Settings, "migrate");

        Assert.True(first.Exit == 0, first.Err);
        Assert.Contains("applied 0001_initial", first.Out, StringComparison.Ordinal);
        Assert.Contains("Loaded demo content: 234 papers", first.Out, StringComparison.Ordinal);
        // The verb has no pages to serve meanwhile: it loads the demo's month of new papers at once.
        Assert.Contains("Loaded the demo's month of new arXiv papers: 6926 papers with 6926 vectors.", first.Out, StringComparison.Ordinal);
        Assert.Equal(0, second.Exit);
        Assert.Contains("up to date", second.Out, StringComparison.Ordinal);
        Assert.DoesNotContain("Loaded", second.Out, StringComparison.Ordinal);
        await using var connection = await db.Database.OpenAsync();
        Assert.Equal(234 + 6926, await connection.ExecuteScalarAsync<int>("SELECT count(*) FROM papers"));
    }

    [Fact]
    public async Task A_database_that_does_not_answer_is_a_clear_error_with_exit_code_1()
    {
        var env = new Dictionary<string, string?>
        {
            ["Database:Provider"] = "Postgres",
            ["ConnectionStrings:Database"] = "Host=127.0.0.1;Port=1;Username=nobody;Timeout=2",
        };

        var (exit, _, err) = await RunAsync(env, "migrate");

        Assert.Equal(1, exit);
        Assert.StartsWith("error:", err, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Help_lists_the_verbs_and_unknown_options_are_usage_errors()
    {
        var help = await RunAsync(new Dictionary<string, string?>(), "--help");
        var bad = await RunAsync(new Dictionary<string, string?>(), "migrate", "--no-such-option");

        Assert.Equal(0, help.Exit);
        Assert.Contains("migrate", help.Out, StringComparison.Ordinal);
        Assert.NotEqual(0, bad.Exit);
        Assert.NotEmpty(bad.Err);
    }
}

using DailyPapers.Tests.Cli;
using DailyPapers.Tests.Support;

namespace DailyPapers.Tests.Ingest.Snapshot;

/// <summary>`import snapshot` run as a real process: exit codes, the listing of bad lines, the summary.</summary>
public sealed class ImportVerbTests
{
    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Rejected_lines_are_listed_up_to_a_cap_and_the_import_still_succeeds(string provider)
    {
        await using var rig = await SnapshotTestRig.CreateAsync(provider);
        var lines = Enumerable.Range(1, 150).Select(i => $"{{\"id\":\"bad {i}\"}}")
            .Prepend(File.ReadLines(SnapshotFiles.Head200Fixture).First())
            .Append(File.ReadLines(SnapshotFiles.Head200Fixture).Last());
        var file = rig.Lines(lines);

        var (exit, stdout, stderr) = await MigrateVerbTests.RunAsync(rig.Db.Settings, "import", "snapshot", file);

        Assert.True(exit == 0, stderr);
        Assert.Contains("line 2: malformed arXiv id 'bad 1'", stderr, StringComparison.Ordinal);
        Assert.Contains("line 101: ", stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("line 102: ", stderr, StringComparison.Ordinal);
        Assert.Contains("... and 50 more rejected lines", stderr, StringComparison.Ordinal);
        Assert.Matches(@"read\s+152 lines", stdout);
        Assert.Matches(@"inserted\s+2\n", stdout);
        Assert.Matches(@"rejected\s+150 \(listed on stderr\)", stdout);
        Assert.Contains("Read to the end of the file; 150 rejected lines were skipped", stdout, StringComparison.Ordinal);
        Assert.Equal(2, await rig.Store.CountAsync());
    }

    [Fact]
    public async Task A_second_run_reports_everything_unchanged_and_limit_says_where_it_stopped()
    {
        await using var rig = await SnapshotTestRig.CreateAsync(nameof(DailyPapers.Storage.DatabaseProvider.Sqlite));

        var first = await MigrateVerbTests.RunAsync(rig.Db.Settings, "import", "snapshot", SnapshotFiles.Head200Fixture, "--limit", "150", "--batch-size", "40");
        var second = await MigrateVerbTests.RunAsync(rig.Db.Settings, "import", "snapshot", SnapshotFiles.Head200Fixture);

        Assert.True(first.Exit == 0, first.Err);
        Assert.Contains("Stopped after line 150 as --limit asked.", first.Out, StringComparison.Ordinal);
        Assert.True(second.Exit == 0, second.Err);
        Assert.Matches(@"inserted\s+50\n", second.Out);
        Assert.Matches(@"unchanged\s+150\n", second.Out);
        Assert.Contains("Read to the end of the file.", second.Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_missing_file_or_an_unreachable_database_is_exit_code_1()
    {
        await using var rig = await SnapshotTestRig.CreateAsync(nameof(DailyPapers.Storage.DatabaseProvider.Sqlite));
        var down = new Dictionary<string, string?>
        {
            ["Database:Provider"] = "Postgres",
            ["ConnectionStrings:Database"] = "Host=127.0.0.1;Port=1;Username=nobody;Timeout=2",
        };

        var missing = await MigrateVerbTests.RunAsync(rig.Db.Settings, "import", "snapshot", "/no/such/snapshot.jsonl");
        var unreachable = await MigrateVerbTests.RunAsync(down, "import", "snapshot", SnapshotFiles.Head200Fixture);

        Assert.Equal(1, missing.Exit);
        Assert.Contains("no such file: /no/such/snapshot.jsonl", missing.Err, StringComparison.Ordinal);
        Assert.Equal(1, unreachable.Exit);
        Assert.Contains("error:", unreachable.Err, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("import")]
    [InlineData("import", "snapshot")]
    [InlineData("import", "snapshot", "FILE", "--limit", "0")]
    [InlineData("import", "snapshot", "FILE", "--from-line", "0")]
    [InlineData("import", "snapshot", "FILE", "--batch-size", "lots")]
    [InlineData("import", "snapshot", "FILE", "--no-such-option")]
    public async Task Usage_errors_are_exit_code_2(params string[] args)
    {
        var withFile = args.Select(a => a == "FILE" ? SnapshotFiles.Head200Fixture : a).ToArray();

        var (exit, _, stderr) = await MigrateVerbTests.RunAsync(new Dictionary<string, string?>(), withFile);

        Assert.Equal(2, exit);
        Assert.StartsWith("error:", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Help_names_the_options()
    {
        var (exit, stdout, _) = await MigrateVerbTests.RunAsync(new Dictionary<string, string?>(), "import", "snapshot", "--help");

        Assert.Equal(0, exit);
        foreach (var option in new[] { "--limit", "--from-line", "--batch-size", "--restart" })
        {
            Assert.Contains(option, stdout, StringComparison.Ordinal);
        }
    }
}

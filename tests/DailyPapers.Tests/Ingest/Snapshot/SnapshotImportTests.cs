using System.Globalization;
using System.Text;
using Dapper;
using DailyPapers.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace DailyPapers.Tests.Ingest.Snapshot;

/// <summary>The importer against a real database of each provider.</summary>
public sealed class SnapshotImportTests
{
    private static string Line(string id, int versions = 1, string title = "A title", string? doi = null)
    {
        var list = string.Join(",", Enumerable.Range(1, versions).Select(v =>
            $"{{\"version\":\"v{v}\",\"created\":\"{new DateTime(2007, 4, v, 10, 0, 0, DateTimeKind.Utc).ToString("ddd, d MMM yyyy HH:mm:ss 'GMT'", CultureInfo.InvariantCulture)}\"}}"));
        return $"{{\"id\":\"{id}\",\"title\":\"{title}\",\"abstract\":\"About {id}.\",\"categories\":\"cs.LG stat.ML\",\"doi\":{(doi is null ? "null" : $"\"{doi}\"")},"
            + $"\"versions\":[{list}],\"authors_parsed\":[[\"Kumar\",\"Tanishq\",\"\"],[\"Pehlevan\",\"Cengiz\",\"\"]]}}";
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task The_200_real_lines_are_stored_with_authors_versions_and_every_field(string provider)
    {
        await using var rig = await SnapshotTestRig.CreateAsync(provider);

        var (result, seen) = await rig.ImportAsync(SnapshotFiles.Head200Fixture);

        Assert.Equal((200L, 200L, 0L, 0L), (result.Totals.LinesRead, result.Totals.Inserted, result.Totals.Rejected, result.Totals.Updated));
        Assert.Empty(seen.RejectedLines);
        Assert.Equal(200, await rig.Store.CountAsync());
        var first = (await rig.Store.GetAsync("0704.0001"))!;
        Assert.Equal(["C. Balázs", "E. L. Berger", "P. M. Nadolsky", "C. -P. Yuan"], first.Authors.Select(a => a.Name));
        Assert.Equal([1, 2], first.Versions.Select(v => v.Number));
        Assert.Equal(new DateTime(2007, 7, 24, 20, 10, 27, DateTimeKind.Utc), first.Versions[1].CreatedAt);
        Assert.Equal(new DateTime(2007, 4, 2, 19, 18, 42, DateTimeKind.Utc), first.PublishedAt);
        Assert.Equal("10.1103/PhysRevD.76.013009", first.Doi);
        Assert.Equal("Phys.Rev.D76:013009,2007", first.JournalRef);
        Assert.Equal(["hep-ph"], first.Categories);
        Assert.Equal("snapshot", first.Source);
        var licensed = (await rig.Store.GetAsync("0704.0002"))!;
        Assert.Equal("http://arxiv.org/licenses/nonexclusive-distrib/1.0/", licensed.License);
        Assert.Equal(["math.CO", "cs.CG"], licensed.Categories);
        var affiliated = (await rig.Store.GetAsync("0704.0163"))!;
        Assert.Equal("Institut für Theoretische und Angewandte Physik, Universität Stuttgart", affiliated.Authors[0].Affiliation);
        await using var connection = await rig.Db.Database.OpenAsync();
        Assert.Equal(537, await connection.ExecuteScalarAsync<int>("SELECT count(*) FROM paper_authors"));
        Assert.Equal(326, await connection.ExecuteScalarAsync<int>("SELECT count(*) FROM paper_versions"));
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Bad_lines_are_reported_by_number_and_the_good_lines_around_them_are_imported(string provider)
    {
        await using var rig = await SnapshotTestRig.CreateAsync(provider);
        // Already stored before the import, with community state: it must come through untouched.
        await rig.Store.UpsertAsync(DailyPapers.Tests.Papers.PaperStoreTests.Sample("2310.06110"));
        await using (var c = await rig.Db.Database.OpenAsync())
        {
            await c.ExecuteAsync("UPDATE papers SET upvotes = 7 WHERE arxiv_id = '2310.06110'");
        }
        var invalidUtf8 = Encoding.UTF8.GetBytes(Line("9901.00008", title: "Caf#") + "\n");
        invalidUtf8[Array.IndexOf(invalidUtf8, (byte)'#')] = 0xC3;                    // a lead byte without its continuation
        byte[][] lines =
        [
            [.. Encoding.UTF8.GetPreamble(), .. Encoding.UTF8.GetBytes(Line("9901.00001") + "\r\n")], // 1 good, after a BOM, CRLF
            Encoding.UTF8.GetBytes("{\"id\":\"9901.00002\",\"title\":\"cut short\n"),              // 2 broken JSON
            Encoding.UTF8.GetBytes(Line("9901.00003") + "\r\n"),                                   // 3 good
            Encoding.UTF8.GetBytes("{\"id\":\"9901.00004\",\"title\":[\"not\",\"text\"]}\n"),      // 4 wrong type
            Encoding.UTF8.GetBytes("{\"title\":\"no id\",\"update_date\":\"2008-11-26\"}\n"),      // 5 missing id
            Encoding.UTF8.GetBytes(Line("9901.00006").Replace("About", new string('a', 10 << 20), StringComparison.Ordinal) + "\n"), // 6 a 10 MB abstract
            Encoding.UTF8.GetBytes(Line("9901.00007") + "\n"),                                     // 7 good
            invalidUtf8,                                                                           // 8 invalid UTF-8
            "   \n"u8.ToArray(),                                                                   // 9 blank
            Encoding.UTF8.GetBytes(Line("2310.06110", versions: 2, title: "Grokking, revised") + "\n"), // 10 good, updates the stored paper
            Encoding.UTF8.GetBytes(Line("9901.00011")[..40]),                                      // 11 truncated, no newline
        ];
        var bytes = lines.SelectMany(l => l).ToArray();

        var (result, seen) = await rig.ImportAsync(rig.File(bytes));

        Assert.Equal([2L, 4, 5, 6, 8, 11], seen.RejectedLines.Select(r => r.LineNumber));
        Assert.Contains("invalid JSON", seen.RejectedLines[0].Reason, StringComparison.Ordinal);
        Assert.Contains("$.title", seen.RejectedLines[1].Reason, StringComparison.Ordinal);
        Assert.Contains("missing id", seen.RejectedLines[2].Reason, StringComparison.Ordinal);
        Assert.Contains("line too long", seen.RejectedLines[3].Reason, StringComparison.Ordinal);
        Assert.Contains("invalid UTF-8", seen.RejectedLines[4].Reason, StringComparison.Ordinal);
        Assert.Contains("invalid JSON", seen.RejectedLines[5].Reason, StringComparison.Ordinal);
        Assert.Equal((11L, 3L, 1L, 6L, 1L), (result.Totals.LinesRead, result.Totals.Inserted, result.Totals.Updated, result.Totals.Rejected, result.Totals.Blank));
        Assert.False(result.StoppedAtLimit);
        var stored = await rig.Store.GetManyAsync(["9901.00001", "9901.00003", "9901.00007", "2310.06110"]);
        Assert.Equal(4, stored.Count);
        Assert.Equal(4, await rig.Store.CountAsync());
        var merged = stored.Single(p => p.ArxivId == "2310.06110");
        Assert.Equal(("Grokking, revised", 7, "10.1000/xyz"), (merged.Title, merged.Upvotes, merged.Doi));
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task A_NUL_character_in_a_record_is_dropped_and_the_paper_stored_on_both_databases(string provider)
    {
        // JSON can carry U+0000; PostgreSQL refuses it in text, which once failed the whole batch.
        await using var rig = await SnapshotTestRig.CreateAsync(provider);
        var line = Line("9901.00001", title: "Null\\u0000 title")
            .Replace("\"About 9901.00001.\"", "\"An\\u0000 abstract\"", StringComparison.Ordinal)
            .Replace("\"Kumar\"", "\"Ku\\u0000mar\"", StringComparison.Ordinal);
        Assert.Contains("\\u0000", line, StringComparison.Ordinal);

        var (result, seen) = await rig.ImportAsync(rig.Lines([line, Line("9901.00002")], "nul.jsonl"));

        Assert.Empty(seen.RejectedLines);
        Assert.Equal((2L, 0L), (result.Totals.Inserted, result.Totals.Rejected));
        var paper = await rig.Store.GetAsync("9901.00001");
        Assert.NotNull(paper);
        Assert.Equal(("Null title", "An abstract", "Tanishq Kumar"), (paper.Title, paper.Abstract, paper.Authors[0].Name));
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task An_empty_file_imports_nothing_and_a_blank_one_only_counts_blank_lines(string provider)
    {
        await using var rig = await SnapshotTestRig.CreateAsync(provider);

        var (empty, _) = await rig.ImportAsync(rig.File([], "empty.jsonl"));
        var (blank, _) = await rig.ImportAsync(rig.File("\n\r\n \n"u8.ToArray(), "blank.jsonl"));

        Assert.Equal((0L, 0L), (empty.Totals.LinesRead, empty.Totals.Inserted));
        Assert.Equal((3L, 3L, 0L), (blank.Totals.LinesRead, blank.Totals.Blank, blank.Totals.Rejected));
        Assert.Equal(0, await rig.Store.CountAsync());
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task From_line_and_limit_import_exactly_that_window(string provider)
    {
        await using var rig = await SnapshotTestRig.CreateAsync(provider);
        var file = rig.Replicated(20);

        var (window, _) = await rig.ImportAsync(file, r => r with { FromLine = 5, Limit = 3 });
        var (tail, _) = await rig.ImportAsync(file, r => r with { FromLine = 18 });

        Assert.True(window.StoppedAtLimit);
        Assert.Equal((3L, 3L, 7L), (window.Totals.LinesRead, window.Totals.Inserted, window.Totals.LastLine));
        Assert.False(tail.StoppedAtLimit);
        Assert.Equal(3, tail.Totals.Inserted);
        var ids = (await rig.Store.GetManyAsync(Enumerable.Range(0, 20).Select(SnapshotFiles.MadeUpId).ToList())).Select(p => p.ArxivId).Order();
        Assert.Equal(new[] { 4, 5, 6, 17, 18, 19 }.Select(SnapshotFiles.MadeUpId), ids);
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Importing_the_same_file_again_changes_nothing(string provider)
    {
        await using var rig = await SnapshotTestRig.CreateAsync(provider);
        var version = rig.Services.GetRequiredService<DailyPapers.Storage.ContentVersion>();

        await rig.ImportAsync(SnapshotFiles.Head200Fixture, r => r with { BatchSize = 64 });
        var before = await version.CurrentAsync();
        var (again, seen) = await rig.ImportAsync(SnapshotFiles.Head200Fixture, r => r with { BatchSize = 64 });

        Assert.Null(seen.ResumedAt);
        Assert.Equal((200L, 0L, 0L, 200L), (again.Totals.LinesRead, again.Totals.Inserted, again.Totals.Updated, again.Totals.Unchanged));
        Assert.Equal(before, await version.CurrentAsync());
        Assert.Equal(200, await rig.Store.CountAsync());
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task A_newer_version_updates_the_paper_and_an_older_one_does_not(string provider)
    {
        await using var rig = await SnapshotTestRig.CreateAsync(provider);
        var version = rig.Services.GetRequiredService<DailyPapers.Storage.ContentVersion>();

        var (first, _) = await rig.ImportAsync(rig.Lines([Line("9901.00001", versions: 1, title: "First", doi: "10.1/a")], "v1.jsonl"));
        var (newer, _) = await rig.ImportAsync(rig.Lines([Line("9901.00001", versions: 2, title: "Second")], "v2.jsonl"));
        var afterNewer = await version.CurrentAsync();
        var (older, _) = await rig.ImportAsync(rig.Lines([Line("9901.00001", versions: 1, title: "Stale")], "v1-again.jsonl"));

        Assert.Equal((1L, 1L, 1L), (first.Totals.Inserted, newer.Totals.Updated, older.Totals.Unchanged));
        var stored = (await rig.Store.GetAsync("9901.00001"))!;
        Assert.Equal(("Second", 2, "10.1/a"), (stored.Title, stored.LatestVersion, stored.Doi));
        Assert.Equal([1, 2], stored.Versions.Select(v => v.Number));
        Assert.Equal(afterNewer, await version.CurrentAsync());
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task An_interrupted_import_resumes_after_its_last_commit_and_restart_reads_from_the_top(string provider)
    {
        await using var rig = await SnapshotTestRig.CreateAsync(provider);
        var file = rig.Replicated(1_000);
        var crashing = new RecordingObserver { AfterCommit = p => { if (p.LastLine >= 300) throw new IOException("simulated crash"); } };

        await Assert.ThrowsAsync<IOException>(() => rig.Importer.ImportAsync(new(file) { BatchSize = 100 }, crashing));
        Assert.Equal(300, await rig.Store.CountAsync());
        var (resumed, seen) = await rig.ImportAsync(file, r => r with { BatchSize = 100 });
        var (restarted, seenAgain) = await rig.ImportAsync(file, r => r with { BatchSize = 100, Restart = true });

        Assert.Equal(301, seen.ResumedAt);
        Assert.Equal(301, resumed.ResumedAtLine);
        Assert.Equal((700L, 700L), (resumed.Totals.LinesRead, resumed.Totals.Inserted));
        Assert.Null(seenAgain.ResumedAt);
        Assert.Equal((1_000L, 1_000L), (restarted.Totals.LinesRead, restarted.Totals.Unchanged));
        Assert.Equal(1_000, await rig.Store.CountAsync());
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task A_checkpoint_is_only_used_when_the_interrupted_run_covered_the_lines_before_it(string provider)
    {
        await using var rig = await SnapshotTestRig.CreateAsync(provider);
        var file = rig.Replicated(600);
        var crashing = new RecordingObserver { AfterCommit = p => { if (p.LastLine >= 400) throw new IOException("simulated crash"); } };

        await Assert.ThrowsAsync<IOException>(() => rig.Importer.ImportAsync(new(file) { FromLine = 201, BatchSize = 100 }, crashing));
        var (fromTop, seen) = await rig.ImportAsync(file, r => r with { BatchSize = 100 });

        Assert.Null(seen.ResumedAt); // lines 1-200 were never imported: reading starts at line 1
        Assert.Equal((600L, 400L, 200L), (fromTop.Totals.LinesRead, fromTop.Totals.Inserted, fromTop.Totals.Unchanged));
    }
}

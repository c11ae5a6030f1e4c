using System.Text.Json;
using Dapper;
using DailyPapers.Papers;
using DailyPapers.Storage;
using DailyPapers.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace DailyPapers.Tests.Ingest.Snapshot;

/// <summary>
/// The batch upsert the importer uses (PaperStore.UpsertBatchAsync) follows the same merge rule as upserting one
/// paper at a time. (Here rather than under Papers/ because it is the snapshot import's fast path.)
/// </summary>
public sealed class PaperBatchUpsertTests
{
    private static Paper P(string id, int versions, string title, string? doi = "10.1/x", bool authors = true, string summary = "About it.") => new()
    {
        ArxivId = id,
        Title = title,
        Abstract = summary,
        Authors = authors ? [new("Tanishq Kumar", "Harvard"), new("Cengiz Pehlevan")] : [],
        Versions = Enumerable.Range(1, versions).Select(v => new PaperVersion(v, new DateTime(2023, 10, v, 12, 0, 0, DateTimeKind.Utc), v == versions ? "10kb" : null)).ToList(),
        PrimaryCategory = "cs.LG",
        Categories = ["cs.LG"],
        Doi = doi,
        PublishedAt = new DateTime(2023, 10, 1, 12, 0, 0, DateTimeKind.Utc),
        UpdatedAt = new DateTime(2023, 10, versions, 12, 0, 0, DateTimeKind.Utc),
        Source = "test",
    };

    /// <summary>Every branch of the rule, with papers repeated inside the one batch.</summary>
    private static readonly (Paper Paper, UpsertOutcome Expected)[] Sequence =
    [
        (P("9901.00001", 1, "One"), UpsertOutcome.Inserted),
        (P("9901.00002", 2, "Two"), UpsertOutcome.Inserted),
        (P("9901.00001", 1, "One"), UpsertOutcome.Unchanged),                                          // same content
        (P("9901.00001", 2, "One, v2", doi: null, authors: false), UpsertOutcome.Updated),             // keeps DOI and authors
        (P("9901.00002", 1, "Two, stale"), UpsertOutcome.Unchanged),                                   // older version
        (P("9901.00003", 1, "Three"), UpsertOutcome.Inserted),
        (P("9901.00003", 1, "Three", summary: "Corrected."), UpsertOutcome.Updated),                   // same version, new content
        (P("9901.00003", 2, "Three, v2") with { PublishedAt = new DateTime(2023, 9, 1, 0, 0, 0, DateTimeKind.Utc) }, UpsertOutcome.Updated),
    ];

    private static async Task<string> SnapshotAsync(PaperStore store) =>
        JsonSerializer.Serialize((await store.GetManyAsync(["9901.00001", "9901.00002", "9901.00003"])).OrderBy(p => p.ArxivId, StringComparer.Ordinal));

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task One_batch_gives_the_outcomes_and_rows_of_upserting_one_paper_at_a_time(string provider)
    {
        await using var single = await SnapshotTestRig.CreateAsync(provider);
        await using var batch = await SnapshotTestRig.CreateAsync(provider);

        var oneByOne = new List<UpsertOutcome>();
        foreach (var (paper, _) in Sequence)
        {
            oneByOne.Add(await single.Store.UpsertAsync(paper));
        }
        var together = await batch.Store.UpsertBatchAsync(Sequence.Select(s => s.Paper).ToList());

        Assert.Equal(Sequence.Select(s => s.Expected), oneByOne);
        Assert.Equal(Sequence.Select(s => s.Expected), together);
        var expected = await SnapshotAsync(single.Store);
        Assert.Equal(expected, await SnapshotAsync(batch.Store));
        var one = (await batch.Store.GetAsync("9901.00001"))!;
        Assert.Equal(("One, v2", "10.1/x", 2), (one.Title, one.Doi, one.Authors.Count));
        Assert.Equal(["10kb", "10kb"], one.Versions.Select(v => v.Size)); // a source that does not know a size keeps the stored one
        var three = (await batch.Store.GetAsync("9901.00003"))!;
        Assert.Equal(new DateTime(2023, 9, 1, 0, 0, 0, DateTimeKind.Utc), three.PublishedAt);
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Upvotes_and_hidden_belong_to_the_community_and_survive_a_newer_version(string provider)
    {
        await using var rig = await SnapshotTestRig.CreateAsync(provider);
        await rig.Store.UpsertBatchAsync([P("9901.00001", 1, "One")]);
        await using (var c = await rig.Db.Database.OpenAsync())
        {
            await c.ExecuteAsync("UPDATE papers SET upvotes = 12, hidden = @hidden WHERE arxiv_id = '9901.00001'", new { hidden = true });
        }

        await rig.Store.UpsertBatchAsync([P("9901.00001", 2, "One, v2") with { Upvotes = 0, Hidden = false }]);

        var stored = (await rig.Store.GetAsync("9901.00001"))!;
        Assert.Equal(("One, v2", 12, true), (stored.Title, stored.Upvotes, stored.Hidden));
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task The_content_version_moves_when_papers_change_and_stays_when_nothing_does(string provider)
    {
        await using var rig = await SnapshotTestRig.CreateAsync(provider);
        var version = rig.Services.GetRequiredService<ContentVersion>();
        var papers = Enumerable.Range(1, 50).Select(i => P(SnapshotFiles.MadeUpId(i), 1, $"Paper {i}")).ToList();

        var start = await version.CurrentAsync();
        await rig.Store.UpsertBatchAsync(papers);
        var afterInsert = await version.CurrentAsync();
        await rig.Store.UpsertBatchAsync(papers);
        var afterSame = await version.CurrentAsync();
        await rig.Store.UpsertBatchAsync([papers[0] with { Title = "Renamed" }]);

        Assert.True(afterInsert > start);
        Assert.Equal(afterInsert, afterSame);
        Assert.True(await version.CurrentAsync() > afterSame);
    }

    [Fact]
    public async Task SQLite_times_are_written_in_the_text_form_the_rest_of_the_app_writes_and_compares()
    {
        await using var rig = await SnapshotTestRig.CreateAsync(nameof(DatabaseProvider.Sqlite));
        var paper = P("9901.00001", 1, "One") with { PublishedAt = new DateTime(2023, 10, 1, 12, 0, 0, 123, DateTimeKind.Utc).AddTicks(4567) };

        await rig.Store.UpsertBatchAsync([paper]);

        await using var c = await rig.Db.Database.OpenAsync();
        var stored = await c.ExecuteScalarAsync<string>("SELECT published_at FROM papers");
        var viaDapper = await c.ExecuteScalarAsync<string>("SELECT @t", new { t = paper.PublishedAt });
        Assert.Equal(viaDapper, stored);
        Assert.Equal("2023-10-01 12:00:00.1234567", stored);
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Every_text_comes_back_as_written_across_a_long_run_of_batches(string provider)
    {
        // The SQLite writer binds text without a copy from one buffer per statement, which grows for large rows
        // and is reused from run to run: what each paper reads back must be its own text, whatever came before.
        await using var rig = await SnapshotTestRig.CreateAsync(provider);
        string[] odd = ["Zoë “quoted” — ∑ 𝔉 🙂", "tab\tand\nnewline", "control\u0001char", "", "<b>&amp;</b>", new string('é', 20_000)];
        var papers = Enumerable.Range(0, 90).Select(i => P(SnapshotFiles.MadeUpId(i), 1 + (i % 3), $"Paper {i}: {odd[i % odd.Length]}",
                summary: i % 7 == 0 ? new string('x', 19_000 + i) : $"Abstract {i} {odd[(i + 1) % odd.Length]}")
            with { Comments = i % 2 == 0 ? null : odd[(i + 2) % odd.Length], Authors = [new($"Author {i} {odd[(i + 3) % odd.Length]}", i % 4 == 0 ? null : "Lab")] })
            .ToList();

        await using (var connection = await rig.Db.Database.OpenAsync())
        using (var writer = await rig.Store.OpenBatchWriterAsync(connection))
        {
            foreach (var chunk in papers.Chunk(17))
            {
                await using var tx = await rig.Db.Database.BeginWriteAsync(connection);
                Assert.All(await writer.UpsertAsync(tx, PreparedBatch.Of(chunk)), o => Assert.Equal(UpsertOutcome.Inserted, o));
                await tx.CommitAsync();
            }
        }

        var stored = (await rig.Store.GetManyAsync(papers.Select(p => p.ArxivId).ToList())).ToDictionary(p => p.ArxivId);
        Assert.Equal(papers.Count, stored.Count);
        foreach (var paper in papers)
        {
            var back = stored[paper.ArxivId];
            Assert.Equal(paper.Title, back.Title);
            Assert.Equal(paper.Abstract, back.Abstract);
            Assert.Equal(paper.Comments, back.Comments);
            Assert.Equal(paper.Authors, back.Authors);
            Assert.Equal(paper.Versions, back.Versions);
        }
    }
}

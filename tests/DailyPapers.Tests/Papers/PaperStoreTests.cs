using DailyPapers.Papers;
using DailyPapers.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace DailyPapers.Tests.Papers;

public sealed class PaperStoreTests
{
    internal static Paper Sample(string id = "2310.06110", int versions = 1, string title = "Grokking as the Transition from Lazy to Rich Training Dynamics") => new()
    {
        ArxivId = id,
        Title = title,
        Abstract = "We propose that the grokking phenomenon $\\phi^3$ ...",
        Authors = [new("Tanishq Kumar", "Harvard"), new("Blake Bordelon"), new("Samuel J. Gershman"), new("Cengiz Pehlevan")],
        Versions = Enumerable.Range(1, versions).Select(v => new PaperVersion(v, new DateTime(2023, 10, 8 + v, 12, 0, 0, DateTimeKind.Utc), $"{v * 100}kb")).ToList(),
        PrimaryCategory = "cs.LG",
        Categories = ["cs.LG", "stat.ML"],
        Comments = "12 pages",
        Doi = "10.1000/xyz",
        License = "http://creativecommons.org/licenses/by/4.0/",
        PublishedAt = new DateTime(2023, 10, 9, 12, 0, 0, DateTimeKind.Utc),
        UpdatedAt = new DateTime(2023, 10, 8 + versions, 12, 0, 0, DateTimeKind.Utc),
        Source = "test",
    };

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Insert_then_read_back_keeps_every_field(string provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider);
        await using var services = db.Services();
        var store = services.GetRequiredService<PaperStore>();
        var paper = Sample(versions: 2);

        Assert.Equal(UpsertOutcome.Inserted, await store.UpsertAsync(paper));
        var stored = await store.GetAsync(paper.ArxivId);

        Assert.NotNull(stored);
        Assert.Equal(paper.Title, stored.Title);
        Assert.Equal(paper.Abstract, stored.Abstract);
        Assert.Equal(paper.Authors, stored.Authors);
        Assert.Equal(paper.Versions, stored.Versions);
        Assert.Equal(paper.Categories, stored.Categories);
        Assert.Equal("cs.LG", stored.PrimaryCategory);
        Assert.Equal(paper.Comments, stored.Comments);
        Assert.Equal(paper.Doi, stored.Doi);
        Assert.Equal(paper.License, stored.License);
        Assert.Equal(paper.PublishedAt, stored.PublishedAt);
        Assert.Equal(DateTimeKind.Utc, stored.PublishedAt.Kind);
        Assert.Equal(2, stored.LatestVersion);
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Same_record_twice_is_unchanged_newer_version_updates_older_is_ignored(string provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider);
        await using var services = db.Services();
        var store = services.GetRequiredService<PaperStore>();

        Assert.Equal(UpsertOutcome.Inserted, await store.UpsertAsync(Sample(versions: 2)));
        Assert.Equal(UpsertOutcome.Unchanged, await store.UpsertAsync(Sample(versions: 2)));
        Assert.Equal(UpsertOutcome.Updated, await store.UpsertAsync(Sample(versions: 3, title: "Grokking, revised")));
        Assert.Equal(UpsertOutcome.Unchanged, await store.UpsertAsync(Sample(versions: 1, title: "An old title")));

        var stored = await store.GetAsync("2310.06110");
        Assert.Equal("Grokking, revised", stored!.Title);
        Assert.Equal([1, 2, 3], stored.Versions.Select(v => v.Number));
        Assert.Equal(4, stored.Authors.Count);
        Assert.Equal(1, await store.CountAsync());
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Old_style_ids_and_hostile_text_round_trip_unchanged(string provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider);
        await using var services = db.Services();
        var store = services.GetRequiredService<PaperStore>();
        var paper = Sample("hep-th/9901001", title: "<script>alert(1)</script> ' OR 1=1; -- \u00e9\u4e2d");

        await store.UpsertAsync(paper);

        Assert.Equal(paper.Title, (await store.GetAsync("hep-th/9901001"))!.Title);
    }
}

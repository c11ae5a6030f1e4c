using DailyPapers.Feed;
using DailyPapers.Papers;
using DailyPapers.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace DailyPapers.BrowserTests.Support;

/// <summary>A paper whose title, abstract and author are markup, put on the demo list of 2025-12-11.</summary>
public static class HostilePaper
{
    public const string ArxivId = "2501.00001";
    public const string Title = "<script>alert(1)</script><img src=x onerror=alert(2)>";
    public const string Author = "Eve \"><script>alert(3)</script>";
    public static readonly DateOnly ListDate = new(2025, 12, 11);

    public static async Task SeedAsync(TestApp app)
    {
        var store = app.Services.GetRequiredService<PaperStore>();
        var published = new DateTime(2025, 1, 1, 12, 0, 0, DateTimeKind.Utc);
        await store.UpsertAsync(new Paper
        {
            ArxivId = ArxivId,
            Title = Title,
            Abstract = "Abstract with " + Title + " and $\\phi^3$ math.",
            Authors = [new PaperAuthor(Author)],
            Versions = [new PaperVersion(1, published)],
            PrimaryCategory = "cs.CR",
            Categories = ["cs.CR"],
            PublishedAt = published,
            UpdatedAt = published,
            Source = "test",
        });
        await using var connection = await store.Database.OpenAsync();
        await using var tx = await store.Database.BeginWriteAsync(connection);
        await DailyListStore.AddAsync(connection, tx, ArxivId, ListDate, new DateTime(2025, 12, 11, 1, 0, 0, DateTimeKind.Utc), null);
        await tx.CommitAsync();
    }
}

using System.Diagnostics;
using DailyPapers.Community.Library;
using DailyPapers.Papers;
using DailyPapers.Tests.Support;
using Xunit.Abstractions;

namespace DailyPapers.Tests.Community.Library;

/// <summary>A 10,000-entry library imports whole, by arXiv id, DOI and title alike, and a second time adds nothing.</summary>
public sealed class LargeLibraryTests(ITestOutputHelper output)
{
    public const int Size = 10_000;

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Ten_thousand_entries_import_whole_and_a_second_time_add_nothing(string provider)
    {
        await using var rig = await LibraryRig.StartAsync(provider);
        var papers = rig.Get<PaperStore>();
        foreach (var chunk in LibraryFiles.Catalogue(Size).Chunk(1_000))
        {
            await papers.UpsertBatchAsync(chunk);
        }
        var bibtex = LibraryFiles.BibTex(Size);

        var clock = Stopwatch.StartNew();
        var read = LibraryReader.Read("large.bib", bibtex, 20_000);
        var readTime = clock.Elapsed;
        var first = await rig.ImportAsync("large.bib", bibtex);
        var importTime = clock.Elapsed - readTime;

        Assert.Equal(Size, read.File!.Entries.Count);
        Assert.Equal(Size, first.Entries);
        Assert.Equal(Size, first.Count(EntryOutcome.Added));
        Assert.NotNull(first.FinishedAt);
        var entries = await rig.EntriesAsync(first);
        Assert.Equal(Size / 4 * 2, entries.Count(e => e.MatchedBy == "arxiv"));
        Assert.Equal(Size / 4, entries.Count(e => e.MatchedBy == "doi"));
        Assert.Equal(Size / 4, entries.Count(e => e.MatchedBy == "title"));
        Assert.All(entries, e => Assert.Equal($"2401.{e.Position + 1:00000}", e.ArxivId));
        Assert.Equal(Size, (await rig.CollectionAsync()).Count);

        clock.Restart();
        var again = await rig.ImportAsync("large.bib", bibtex);
        var againTime = clock.Elapsed;
        Assert.Equal(Size, again.Count(EntryOutcome.Present));
        Assert.Equal(0, again.Count(EntryOutcome.Added));
        Assert.Equal(Size, (await rig.CollectionAsync()).Count);
        Assert.Empty(rig.Arxiv.Requests);
        output.WriteLine($"{provider}: {bibtex.Length / 1e6:0.0} MB BibTeX read in {readTime.TotalSeconds:0.00} s, imported (matched and stored) in " +
            $"{importTime.TotalSeconds:0.00} s, again in {againTime.TotalSeconds:0.00} s");
    }
}

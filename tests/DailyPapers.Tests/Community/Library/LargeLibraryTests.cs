using System.Diagnostics;
using System.Text;
using DailyPapers.Community.Library;
using DailyPapers.Papers;
using DailyPapers.Tests.Support;
using Xunit.Abstractions;

namespace DailyPapers.Tests.Community.Library;

/// <summary>A 10,000-entry library imports whole, by arXiv id, DOI and title alike, and a second time adds nothing.</summary>
public sealed class LargeLibraryTests(ITestOutputHelper output)
{
    public const int Size = 10_000;

    /// <summary>Papers 2401.00001 … with titles and DOIs of their own (the catalogue the generated library names).</summary>
    public static IReadOnlyList<Paper> Catalogue(int count) => Enumerable.Range(1, count)
        .Select(i => LibraryRig.Paper($"2401.{i:00000}", $"Generated study {i} of reading\n  libraries at scale", 2024) with { Doi = $"10.5555/gen.{i}" })
        .ToList();

    /// <summary>
    /// A Zotero-like BibTeX file naming those papers a quarter each by eprint, DOI, title, and Google Scholar's
    /// "arXiv preprint" journal, with an abstract of realistic length in every entry.
    /// </summary>
    public static string BibTex(int count)
    {
        var abstractText = string.Join(' ', Enumerable.Repeat("We study how readers bring their libraries along and what the catalogue makes of them.", 14));
        var text = new StringBuilder();
        for (var i = 1; i <= count; i++)
        {
            var naming = (i % 4) switch
            {
                0 => $"\teprint = {{2401.{i:00000}}},\n\tarchivePrefix = {{arXiv}},\n",
                1 => $"\tdoi = {{10.5555/GEN.{i}}},\n",
                2 => "",
                _ => $"\tjournal = {{arXiv preprint arXiv:2401.{i:00000}}},\n",
            };
            text.Append($"@article{{entry_{i},\n\ttitle = {{Generated {{Study}} {i} of Reading Libraries at Scale}},\n{naming}")
                .Append($"\tauthor = {{Reader, Ada and Writer, Bob}},\n\tyear = {{2024}},\n\tabstract = {{{abstractText}}},\n}}\n\n");
        }
        return text.ToString();
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Ten_thousand_entries_import_whole_and_a_second_time_add_nothing(string provider)
    {
        await using var rig = await LibraryRig.StartAsync(provider);
        var papers = rig.Get<PaperStore>();
        foreach (var chunk in Catalogue(Size).Chunk(1_000))
        {
            await papers.UpsertBatchAsync(chunk);
        }
        var bibtex = BibTex(Size);

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

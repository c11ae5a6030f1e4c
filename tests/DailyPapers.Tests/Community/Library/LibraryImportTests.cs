using Dapper;
using DailyPapers.Community.Collections;
using DailyPapers.Community.Library;
using DailyPapers.Community.Moderation;
using DailyPapers.Papers;
using DailyPapers.Tests.Ingest.Arxiv;
using DailyPapers.Tests.Support;

namespace DailyPapers.Tests.Community.Library;

/// <summary>Imports against the real database: matching by arXiv id, DOI and title, fetching from arXiv, importing again.</summary>
public sealed class LibraryImportTests
{
    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task A_Zotero_export_fills_the_private_collection_and_importing_it_again_adds_nothing(string provider)
    {
        await using var rig = await LibraryRig.StartAsync(provider);
        var zotero = LibraryFixtures.Text("zotero.bib");

        var first = await rig.ImportAsync("zotero.bib", zotero);
        Assert.Equal("zotero.bib", first.Source);
        Assert.Equal(LibraryFormat.BibTex, first.Format);
        Assert.Equal(6, first.Entries);
        var entries = await rig.EntriesAsync(first);
        Assert.Equal(
            [
                (EntryOutcome.Added, "1706.03762", "arxiv"), (EntryOutcome.Added, "1512.03385", "doi"), (EntryOutcome.Added, "hep-th/9711200", "title"),
                (EntryOutcome.Added, "2507.05184", "title"), (EntryOutcome.Unmatched, null, null), (EntryOutcome.Fetching, "1605.08386", "arxiv"),
            ],
            entries.Select(e => (e.Outcome, e.ArxivId, e.MatchedBy)));
        Assert.Equal("No paper here has this title.", entries[4].Reason);
        Assert.Equal(1, first.ToFetch);
        Assert.Null(first.FinishedAt);
        Assert.Equal(["1512.03385", "1706.03762", "2507.05184", "hep-th/9711200"], await rig.CollectionAsync());

        // The fetch job asks arXiv (the replay server) for the paper the catalogue lacks, stores it and adds it.
        Assert.True(await rig.Get<LibraryFetcher>().RunOnceAsync());
        Assert.Equal(["?search_query=&id_list=1605.08386&sortBy=relevance&sortOrder=descending&start=0&max_results=100"],
            rig.Arxiv.Requests.Select(r => r.Query));
        Assert.Equal("Heat-bath random walks with Markov bases", (await rig.Get<PaperStore>().GetAsync("1605.08386"))!.Title);
        var done = (await rig.Get<LibraryImportStore>().GetAsync(rig.UserId, first.Id))!;
        Assert.NotNull(done.FinishedAt);
        Assert.Equal(5, done.Count(EntryOutcome.Added));
        Assert.Equal(1, done.Fetched);
        Assert.False(await rig.Get<LibraryFetcher>().RunOnceAsync());
        var collection = await rig.CollectionAsync();
        Assert.Equal(5, collection.Count);
        var addedAt = await AddedTimesAsync(rig);

        // The same file again: every paper is there already, nothing is added or asked of arXiv, the times stay.
        rig.Clock.Advance(TimeSpan.FromHours(1));
        var again = await rig.ImportAsync("zotero.bib", zotero);
        Assert.Equal(5, again.Count(EntryOutcome.Present));
        Assert.Equal(0, again.Count(EntryOutcome.Added));
        Assert.Equal(1, again.Count(EntryOutcome.Unmatched));
        Assert.NotNull(again.FinishedAt);
        Assert.Equal(collection, await rig.CollectionAsync());
        Assert.Equal(addedAt, await AddedTimesAsync(rig));
        Assert.Single(rig.Arxiv.Requests);
        Assert.Single((await rig.Get<CollectionStore>().ForUserAsync(rig.UserId, includePrivate: true)), c => c.Name == LibraryImportService.CollectionName && !c.IsPublic);
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Exports_of_Mendeley_JabRef_and_RIS_match_the_same_papers(string provider)
    {
        await using var rig = await LibraryRig.StartAsync(provider);
        var mendeley = await rig.EntriesAsync(await rig.ImportAsync("mendeley.bib", LibraryFixtures.Text("mendeley.bib")));
        Assert.Equal([("hep-th/9711200", "arxiv"), ("1706.03762", "arxiv"), ("2401.00101", "title")], mendeley.Select(e => (e.ArxivId!, e.MatchedBy!)));
        var jabref = await rig.EntriesAsync(await rig.ImportAsync("jabref.bib", LibraryFixtures.Text("jabref.bib")));
        Assert.Equal([("1512.03385", EntryOutcome.Added), ("1706.03762", EntryOutcome.Present)], jabref.Select(e => (e.ArxivId!, e.Outcome)));
        var ris = await rig.EntriesAsync(await rig.ImportAsync("mendeley.ris", LibraryFixtures.Text("mendeley.ris")));
        Assert.Equal([EntryOutcome.Present, EntryOutcome.Unmatched], ris.Select(e => e.Outcome));
        var zoteroRis = await rig.EntriesAsync(await rig.ImportAsync("zotero.ris", LibraryFixtures.Text("zotero.ris")));
        Assert.Equal([EntryOutcome.Present, EntryOutcome.Present, EntryOutcome.Unmatched], zoteroRis.Select(e => e.Outcome));
        Assert.Equal(4, (await rig.CollectionAsync()).Count);
        // Only the five latest finished imports are kept.
        Assert.Equal(4, (await rig.Get<LibraryImportStore>().ForUserAsync(rig.UserId)).Count);
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Papers_arXiv_lacks_are_listed_and_duplicates_name_the_first_entry(string provider)
    {
        await using var rig = await LibraryRig.StartAsync(provider);
        var import = await rig.ImportAsync(LibraryEndpoints.PastedSource, "1707.08567\nhttps://arxiv.org/abs/0808.05394\n1707.08567v1\n1706.03762\n");
        Assert.Equal(LibraryFormat.List, import.Format);
        Assert.Equal(2, import.ToFetch);
        var entries = await rig.EntriesAsync(import);
        Assert.Equal("Names the same paper as line 1.", entries[2].Reason);
        Assert.Equal(EntryOutcome.Duplicate, entries[2].Outcome);

        // One call for both: arXiv has one of them.
        Assert.True(await rig.Get<LibraryFetcher>().RunOnceAsync());
        Assert.Single(rig.Arxiv.Requests);
        entries = await rig.EntriesAsync(import);
        Assert.Equal([EntryOutcome.Added, EntryOutcome.Unmatched, EntryOutcome.Duplicate, EntryOutcome.Added], entries.Select(e => e.Outcome));
        Assert.Equal("arXiv has no paper with this id.", entries[1].Reason);
        Assert.Equal(["1706.03762", "1707.08567"], await rig.CollectionAsync());
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task An_unreachable_arXiv_puts_the_import_off_and_a_restarted_node_finishes_it(string provider)
    {
        await using var rig = await LibraryRig.StartAsync(provider);
        var import = await rig.ImportAsync("list", "1605.08386");
        rig.Arxiv.FailNext(ReplayFault.ServerError());
        Assert.True(await rig.Get<LibraryFetcher>().RunOnceAsync());
        var waiting = (await rig.Get<LibraryImportStore>().GetAsync(rig.UserId, import.Id))!;
        Assert.Null(waiting.FinishedAt);
        Assert.Equal(1, waiting.FetchAttempts);
        Assert.NotNull(waiting.FetchError);
        Assert.Equal(1, waiting.Count(EntryOutcome.Fetching));
        // Not due yet: the job leaves it.
        Assert.False(await rig.Get<LibraryFetcher>().RunOnceAsync());

        // The waiting ids are in the database: new services (a restart) carry on once the retry is due.
        await rig.RestartAsync();
        rig.Clock.Advance(TimeSpan.FromMinutes(2));
        Assert.True(await rig.Get<LibraryFetcher>().RunOnceAsync());
        var done = (await rig.Get<LibraryImportStore>().GetAsync(rig.UserId, import.Id))!;
        Assert.NotNull(done.FinishedAt);
        Assert.Null(done.FetchError);
        Assert.Equal(["1605.08386"], await rig.CollectionAsync());
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Hidden_papers_ambiguous_titles_and_a_deleted_collection_are_explained(string provider)
    {
        await using var rig = await LibraryRig.StartAsync(provider);
        await using (var connection = await rig.Db.Database.OpenAsync())
        await using (var tx = await rig.Db.Database.BeginWriteAsync(connection))
        {
            await ModerationStore.SetHiddenAsync(connection, tx, "1706.03762", hidden: true);
            await tx.CommitAsync();
        }
        await rig.Get<PaperStore>().UpsertBatchAsync([LibraryRig.Paper("2401.00201", "Notes on Scaling", 2019), LibraryRig.Paper("2401.00202", "Notes on scaling.", 2023)]);
        var entries = await rig.EntriesAsync(await rig.ImportAsync("x.bib",
            "@misc{hidden, eprint={1706.03762}}\n@misc{both, title={Notes on Scaling}}\n@misc{dated, title={Notes on Scaling}, year={2023}}\n" +
            "@misc{hiddentitle, title={Attention is all you need}}\n@misc{short, title={On}}\n@misc{empty, author={Nobody}}\n@misc{later, eprint={1605.08386}}"));
        Assert.Equal("arXiv:1706.03762 is not available on this site.", entries[0].Reason);
        Assert.Equal("2 papers here have this title; add the arXiv id or DOI to the entry.", entries[1].Reason);
        Assert.Equal(("2401.00202", "title"), (entries[2].ArxivId!, entries[2].MatchedBy!));
        Assert.Equal("No paper here has this title.", entries[3].Reason);
        Assert.Equal("The title is too short to match on; add the arXiv id or DOI to the entry.", entries[4].Reason);
        Assert.Equal("The entry has no arXiv id, DOI or title to match on.", entries[5].Reason);

        // The reader deletes the collection while 1605.08386 waits for arXiv: it is fetched, but goes nowhere.
        var collection = (await rig.Get<CollectionStore>().ForUserAsync(rig.UserId, includePrivate: true)).Single();
        Assert.True(await rig.Get<CollectionStore>().DeleteAsync(collection.Id, rig.UserId));
        Assert.True(await rig.Get<LibraryFetcher>().RunOnceAsync());
        var import = (await rig.Get<LibraryImportStore>().GetAsync(rig.UserId, null))!;
        Assert.NotNull(import.FinishedAt);
        Assert.Null(import.CollectionId);
        Assert.Contains("was deleted", (await rig.EntriesAsync(import))[6].Reason, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Papers_stored_before_title_keys_existed_are_keyed_once_by_the_job(string provider)
    {
        await using var rig = await LibraryRig.StartAsync(provider);
        await using (var connection = await rig.Db.Database.OpenAsync())
        {
            // As a database that had papers when migration 0020 ran: no keys, and the backfill's cursor.
            await connection.ExecuteAsync("DELETE FROM paper_title_keys");
            await connection.ExecuteAsync("INSERT INTO site_state (key, value) VALUES (@key, '')", new { key = TitleKeyBackfill.CursorKey });
        }
        var before = await rig.EntriesAsync(await rig.ImportAsync("a.bib", "@misc{a, title={Attention is all you need}}"));
        Assert.Equal(EntryOutcome.Unmatched, before[0].Outcome);

        Assert.True(await rig.Get<TitleKeyBackfill>().PendingAsync());
        Assert.Equal(LibraryRig.Catalogue.Count, await rig.Get<TitleKeyBackfill>().RunAsync(CancellationToken.None));
        Assert.False(await rig.Get<TitleKeyBackfill>().PendingAsync());
        var after = await rig.EntriesAsync(await rig.ImportAsync("a.bib", "@misc{a, title={Attention is all you need}}"));
        Assert.Equal(("1706.03762", "title"), (after[0].ArxivId!, after[0].MatchedBy!));

        // A paper whose title changes gets the new key from the paper writer.
        await rig.Get<PaperStore>().UpsertAsync(LibraryRig.Paper("1706.03762", "Attention Is All You Need (revised)", 2017) with
        {
            Versions = [new PaperVersion(1, new DateTime(2017, 6, 12, 0, 0, 0, DateTimeKind.Utc)), new PaperVersion(2, new DateTime(2017, 7, 1, 0, 0, 0, DateTimeKind.Utc))],
        });
        var renamed = await rig.EntriesAsync(await rig.ImportAsync("b.bib", "@misc{b, title={Attention is all you need (revised)}}"));
        Assert.Equal(EntryOutcome.Present, renamed[0].Outcome);
    }

    private static async Task<IReadOnlyList<(string, DateTime)>> AddedTimesAsync(LibraryRig rig)
    {
        await using var connection = await rig.Db.Database.OpenAsync();
        return (await connection.QueryAsync<(string, DateTime)>("SELECT arxiv_id, added_at FROM collection_items ORDER BY arxiv_id")).ToList();
    }
}

using DailyPapers.Papers;
using DailyPapers.Recommendations;
using DailyPapers.Recommendations.Model;
using DailyPapers.Search;
using DailyPapers.Tests.Community;
using DailyPapers.Tests.Papers;
using DailyPapers.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace DailyPapers.Tests.Recommendations;

/// <summary>
/// The candidates pages rank are prepared once per list of ids and kept while the vectors and the space stand, and after
/// a change of the content version for <see cref="CandidateCache.Refresh"/>. (That a reader's next ranking still follows their save or "not interested" at once, with the set kept,
/// is <see cref="ForYouPageTests"/>'.)
/// </summary>
public sealed class CandidateCacheTests
{
    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task A_prepared_set_is_kept_for_its_ids_until_the_space_changes_or_the_content_changed_a_while_ago(string provider)
    {
        await using var site = await AccountsSite.StartAsync(provider);
        var cache = site.Services.GetRequiredService<CandidateCache>();
        var vectors = site.Services.GetRequiredService<SearchIndexes>().Vectors;
        var prepared = 0;
        Task<CandidateSet> Get(string[] ids, PaperSpace? space = null) => cache.GetAsync(ids, vectors, space ?? PaperSpace.Raw, _ =>
        {
            Interlocked.Increment(ref prepared);
            return Task.FromResult(CandidateSet.Prepare([], PaperSpace.Raw));
        }, CancellationToken.None);

        var first = await Get(["2607.00002", "2607.00001"]);
        // The same ids in another order, twice at once: the kept set.
        Assert.All(await Task.WhenAll(Get(["2607.00001", "2607.00002"]), Get(["2607.00001", "2607.00002", "2607.00001"])), s => Assert.Same(first, s));
        Assert.Equal(1, prepared);

        // Other ids: a set of their own, the first one still kept.
        Assert.NotSame(first, await Get(["2607.00001"]));
        Assert.Same(first, await Get(["2607.00001", "2607.00002"]));
        Assert.Equal(2, prepared);

        // A change to the catalogue (a vote, a paper) moves the content version: the set serves on for a while, so
        // constant voting does not prepare it on every request; after that it is prepared afresh, then kept.
        await site.Services.GetRequiredService<PaperStore>().UpsertAsync(PaperStoreTests.Sample("2607.00003"));
        Assert.Same(first, await Get(["2607.00001", "2607.00002"]));
        Assert.Equal(2, prepared);
        site.Clock.Advance(CandidateCache.Refresh);
        var fresh = await Get(["2607.00001", "2607.00002"]);
        Assert.NotSame(first, fresh);
        Assert.Same(fresh, await Get(["2607.00001", "2607.00002"]));
        site.Clock.Advance(CandidateCache.Refresh);
        Assert.Same(fresh, await Get(["2607.00001", "2607.00002"]));
        Assert.Equal(3, prepared);

        // Another space (the catalogue's centre taken again): prepared afresh.
        Assert.NotSame(fresh, await Get(["2607.00001", "2607.00002"], new PaperSpace(null)));
        Assert.Equal(4, prepared);
    }
}

using Dapper;
using DailyPapers.Community.Accounts;
using DailyPapers.Community.Claims;
using DailyPapers.Community.Collections;
using DailyPapers.Community.Library;
using DailyPapers.Community.Votes;
using DailyPapers.Papers;
using DailyPapers.Recommendations;
using DailyPapers.Storage;
using DailyPapers.Tests.Papers;
using DailyPapers.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace DailyPapers.Tests.Recommendations;

/// <summary>"Not interested" marks and the readers' signals, on both databases.</summary>
public sealed class RecommendationStoreTests
{
    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Not_interested_marks_are_kept_once_per_reader_and_only_for_visible_papers(string provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider);
        await using var services = db.Services();
        var papers = services.GetRequiredService<PaperStore>();
        foreach (var id in new[] { "2601.00001", "2601.00002", "2601.00003" })
        {
            await papers.UpsertAsync(PaperStoreTests.Sample(id));
        }
        await HideAsync(db.Database, "2601.00003");
        var accounts = services.GetRequiredService<AccountStore>();
        var ada = (await accounts.GetOrCreateByEmailAsync("ada@example.org")).Account.Id;
        var bob = (await accounts.GetOrCreateByEmailAsync("bob@example.org")).Account.Id;
        var marks = services.GetRequiredService<NotInterestedStore>();

        Assert.True(await marks.SetAsync(ada, "2601.00001", notInterested: true));
        Assert.True(await marks.SetAsync(ada, "2601.00001", notInterested: true)); // a double click marks once
        Assert.True(await marks.SetAsync(bob, "2601.00002", notInterested: true));
        Assert.False(await marks.SetAsync(ada, "2601.09999", notInterested: true)); // not in the catalogue
        Assert.False(await marks.SetAsync(ada, "2601.00003", notInterested: true)); // hidden

        Assert.Equal(["2601.00001"], await marks.ForReaderAsync(ada));
        Assert.Equal(["2601.00002"], await marks.ForReaderAsync(bob));

        Assert.True(await marks.SetAsync(ada, "2601.00001", notInterested: false));
        Assert.True(await marks.SetAsync(ada, "2601.00001", notInterested: false));
        Assert.Empty(await marks.ForReaderAsync(ada));
        Assert.Equal(["2601.00002"], await marks.ForReaderAsync(bob));
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task A_readers_signals_are_their_votes_collections_library_approved_claims_and_marks(string provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider);
        await using var services = db.Services();
        var papers = services.GetRequiredService<PaperStore>();
        string[] ids = ["2601.00011", "2601.00012", "2601.00013", "2601.00014", "2601.00015", "2601.00016", "2601.00017"];
        foreach (var id in ids)
        {
            await papers.UpsertAsync(PaperStoreTests.Sample(id));
        }
        var accounts = services.GetRequiredService<AccountStore>();
        var ada = (await accounts.GetOrCreateByEmailAsync("ada@example.org")).Account.Id;
        var bob = (await accounts.GetOrCreateByEmailAsync("bob@example.org")).Account.Id;
        var moderator = (await accounts.GetOrCreateByEmailAsync("mod@example.org")).Account.Id;
        var nobody = (await accounts.GetOrCreateByEmailAsync("nobody@example.org")).Account.Id;

        var votes = services.GetRequiredService<VoteStore>();
        await votes.SetAsync(ada, ids[0], up: true);
        await votes.SetAsync(bob, ids[0], up: true);
        var collections = services.GetRequiredService<CollectionStore>();
        var toRead = (await collections.CreateAsync(ada, "To read", isPublic: false))!.Value;
        await collections.SetAsync(toRead, ada, ids[1], present: true);
        var library = (await collections.CreateAsync(ada, LibraryImportService.CollectionName, isPublic: false))!.Value;
        await collections.SetAsync(library, ada, ids[2], present: true);
        var claims = services.GetRequiredService<ClaimStore>();
        await claims.ClaimAsync(ids[3], 0, ada);
        await claims.ClaimAsync(ids[4], 0, ada); // stays pending: not a signal
        var approved = (await claims.PendingAsync(page: 0)).Claims.Single(c => c.ArxivId == ids[3]);
        Assert.True(await claims.DecideAsync(approved.Id, approve: true, moderator));
        await services.GetRequiredService<NotInterestedStore>().SetAsync(ada, ids[5], notInterested: true);
        await votes.SetAsync(ada, ids[6], up: true);
        await HideAsync(db.Database, ids[6]); // a hidden paper is nobody's signal

        var all = await services.GetRequiredService<ReaderSignals>().ForReadersAsync([ada, bob, nobody]);

        var adas = all[ada].OrderBy(s => s.ArxivId, StringComparer.Ordinal).ToList();
        Assert.Equal(
            [(ids[0], SignalKind.Upvoted), (ids[1], SignalKind.Saved), (ids[2], SignalKind.Imported), (ids[3], SignalKind.Authored), (ids[5], SignalKind.NotInterested)],
            adas.Select(s => (s.ArxivId, s.Kind)));
        Assert.Equal(PaperStoreTests.Sample(ids[3]).Authors[0].Name, adas[3].AuthorName);
        Assert.Equal([(ids[0], SignalKind.Upvoted)], all[bob].Select(s => (s.ArxivId, s.Kind)));
        Assert.False(all.ContainsKey(nobody));
        Assert.Equal(all[bob], await services.GetRequiredService<ReaderSignals>().ForReaderAsync(bob));
    }

    private static async Task HideAsync(Database database, string arxivId)
    {
        await using var connection = await database.OpenAsync();
        await connection.ExecuteAsync("UPDATE papers SET hidden = @yes WHERE arxiv_id = @arxivId", new { yes = true, arxivId });
    }
}

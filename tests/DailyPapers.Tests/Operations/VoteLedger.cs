using Dapper;

namespace DailyPapers.Tests.Operations;

/// <summary>
/// Whether the votes of a load run are exactly what the database holds afterwards: every acknowledged vote has its row
/// (none lost), no new row exists that no one cast, and each paper's count moved by exactly its new rows (none counted
/// twice). Made before the run, from the counts and the voters' rows at that moment.
/// </summary>
public sealed class VoteLedger
{
    private readonly TwoNodes _site;
    private readonly string[] _emails;
    private readonly IReadOnlyDictionary<string, int> _upvotes;
    private readonly HashSet<(string Email, string ArxivId)> _rows;

    private VoteLedger(TwoNodes site, string[] emails, IReadOnlyDictionary<string, int> upvotes, HashSet<(string Email, string ArxivId)> rows)
    {
        _site = site;
        _emails = emails;
        _upvotes = upvotes;
        _rows = rows;
    }

    public static async Task<VoteLedger> StartAsync(TwoNodes site, IEnumerable<SiteReader> voters)
    {
        var emails = voters.Select(v => v.Email.ToLowerInvariant()).ToArray();
        return new VoteLedger(site, emails, await site.UpvotesAsync(), await RowsAsync(site, emails));
    }

    public async Task AssertExactAsync(IEnumerable<VoteOutcome> votes)
    {
        var rows = await RowsAsync(_site, _emails);
        var all = votes.ToList();
        var acknowledged = all.Where(v => v.Acknowledged).Select(v => (v.Email.ToLowerInvariant(), v.ArxivId)).ToHashSet();
        var attempted = all.Select(v => (v.Email.ToLowerInvariant(), v.ArxivId)).ToHashSet();
        Assert.True(acknowledged.Count > 0, "No vote was acknowledged: the run tested nothing.");
        var lost = acknowledged.Except(rows).ToList();
        Assert.True(lost.Count == 0, $"{lost.Count} acknowledged votes have no row, e.g. {string.Join(", ", lost.Take(5))}");
        var added = rows.Except(_rows).ToList();
        var invented = added.Except(attempted).ToList();
        Assert.True(invented.Count == 0, $"{invented.Count} vote rows nobody cast, e.g. {string.Join(", ", invented.Take(5))}");
        var after = await _site.UpvotesAsync();
        var perPaper = added.GroupBy(r => r.ArxivId).ToDictionary(g => g.Key, g => g.Count());
        var wrong = after.Where(p => p.Value - _upvotes.GetValueOrDefault(p.Key) != perPaper.GetValueOrDefault(p.Key))
            .Select(p => $"{p.Key}: {_upvotes.GetValueOrDefault(p.Key)} -> {p.Value} with {perPaper.GetValueOrDefault(p.Key)} new votes").ToList();
        Assert.True(wrong.Count == 0, $"Counts that do not match their vote rows: {string.Join("; ", wrong.Take(5))}");
    }

    private static async Task<HashSet<(string Email, string ArxivId)>> RowsAsync(TwoNodes site, string[] emails)
    {
        await using var connection = await site.OpenAsync();
        return (await connection.QueryAsync<(string Email, string ArxivId)>(
            "SELECT lower(u.email), v.arxiv_id FROM votes v JOIN users u ON u.id = v.user_id WHERE lower(u.email) = ANY(@emails)", new { emails }))
            .ToHashSet();
    }
}

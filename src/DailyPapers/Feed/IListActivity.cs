using System.Data.Common;

namespace DailyPapers.Feed;

/// <summary>
/// What readers did with listed papers, which the lists show but Feed does not keep: who submitted them, their
/// comments, their verified authors and when their votes were cast. Community keeps those tables and answers this
/// (<c>Community/ListActivity.cs</c>), so Feed reads them without naming a layer above it. Every call reads a batch on
/// the caller's connection: one query per kind of fact, never one per paper.
/// </summary>
public interface IListActivity
{
    /// <summary>The id of the account with this handle (any case), or null when there is none.</summary>
    Task<long?> AccountIdAsync(DbConnection connection, string handle, CancellationToken ct);

    /// <summary>The facts that go with these papers on a list, and the names of these submitters.</summary>
    Task<ListActivity> LoadAsync(DbConnection connection, IReadOnlyCollection<string> arxivIds, IReadOnlyCollection<long> submitterIds, CancellationToken ct);

    /// <summary>When each vote for these papers was cast (for <see cref="TrendingScore"/>).</summary>
    Task<ILookup<string, DateTime>> VoteTimesAsync(DbConnection connection, IReadOnlyCollection<string> arxivIds, CancellationToken ct);
}

/// <summary>Readers' part of a batch of list entries: see <see cref="IListActivity.LoadAsync"/>.</summary>
/// <param name="Submitters">By account id; a submitter whose account is gone is absent.</param>
/// <param name="CommentCounts">Visible comments by arXiv id; a paper with none is absent.</param>
/// <param name="VerifiedAuthors">Approved authorship claims by arXiv id, in author order.</param>
public sealed record ListActivity(
    IReadOnlyDictionary<long, Submitter> Submitters,
    IReadOnlyDictionary<string, int> CommentCounts,
    ILookup<string, VerifiedAuthor> VerifiedAuthors);

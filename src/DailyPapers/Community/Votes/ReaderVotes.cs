namespace DailyPapers.Community.Votes;

/// <summary>
/// The signed-in reader's votes for one request, read once: a page of thirty cards asks thirty times
/// whether the reader voted, and should not make thirty queries.
/// </summary>
public sealed class ReaderVotes(VoteStore votes)
{
    private Task<IReadOnlySet<string>>? _voted;
    private long _userId;

    public async Task<bool> HasVotedAsync(long userId, string arxivId, CancellationToken ct = default)
    {
        if (_voted is null || _userId != userId)
        {
            _userId = userId;
            _voted = votes.AllVotedAsync(userId, ct);
        }
        return (await _voted).Contains(arxivId);
    }
}

using System.Security.Claims;
using DailyPapers.Community.Accounts;
using DailyPapers.Community.Claims;
using DailyPapers.Feed;

namespace DailyPapers.Community.Links;

/// <summary>
/// Who may set or correct a paper's code links: the reader who put it on a daily list, a reader whose authorship
/// claim a moderator approved, and staff; never a banned account.
/// </summary>
public sealed class LinkEditors(DailyListStore lists, ClaimStore claims)
{
    public async Task<bool> MayEditAsync(string arxivId, ClaimsPrincipal user, CancellationToken ct = default)
    {
        if (user.AccountId() is not { } id || user.IsBanned())
        {
            return false;
        }
        if (user.Role() >= UserRole.Moderator || (await lists.GetAsync(arxivId, ct))?.SubmittedBy?.Id == id)
        {
            return true;
        }
        return (await claims.ApprovedForPaperAsync(arxivId, ct)).Any(c => c.UserId == id);
    }
}

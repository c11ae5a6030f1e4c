using System.Diagnostics.CodeAnalysis;
using System.Net.Mail;

namespace DailyPapers.Community.Accounts;

/// <summary>What the sign-in form accepts as an address: a bare <c>local@domain</c>, trimmed, at most 254 characters.</summary>
public static class EmailAddress
{
    public static bool TryNormalize(string? input, [NotNullWhen(true)] out string? address)
    {
        address = null;
        var trimmed = input?.Trim();
        if (string.IsNullOrEmpty(trimmed) || trimmed.Length > 254 || trimmed.Any(c => char.IsWhiteSpace(c) || char.IsControl(c)))
        {
            return false;
        }
        // Reject display names and other forms MailAddress would accept ("Jane <j@x.org>").
        if (!MailAddress.TryCreate(trimmed, out var parsed) || parsed.Address != trimmed || parsed.Host.Length == 0 || parsed.User.Length == 0)
        {
            return false;
        }
        address = trimmed;
        return true;
    }
}

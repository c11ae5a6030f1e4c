using System.Security.Claims;
using DailyPapers.Community.Accounts.Pages;
using DailyPapers.Web.Components;
using Microsoft.AspNetCore.Mvc;

namespace DailyPapers.Community.Accounts;

public static partial class AccountEndpoints
{
    private static async Task<IResult> Settings(ClaimsPrincipal user, AccountStore accounts, bool? saved, bool? welcome, CancellationToken ct)
    {
        if (await accounts.FindByIdAsync(user.AccountId() ?? 0, ct) is not { } account)
        {
            return TypedResults.Challenge();
        }
        return Page<SettingsPage>(new { Account = account, account.DisplayName, account.Handle, Saved = saved == true, Welcome = welcome == true });
    }

    private static async Task<IResult> SaveSettings(
        [FromForm] string? displayName, [FromForm] string? handle, ClaimsPrincipal user, AccountStore accounts, CancellationToken ct)
    {
        if (await accounts.FindByIdAsync(user.AccountId() ?? 0, ct) is not { } account)
        {
            return TypedResults.Challenge();
        }
        displayName = displayName?.Trim();
        handle = handle?.Trim();
        var nameError = ProfileRules.DisplayNameError(displayName);
        // Keeping one's own handle is always allowed, even one reserved since.
        var handleError = string.Equals(handle, account.Handle, StringComparison.OrdinalIgnoreCase) ? null : ProfileRules.HandleError(handle);
        if (nameError is null && handleError is null)
        {
            var change = await accounts.UpdateProfileAsync(account.Id, handle!, displayName!, ct);
            if (change == ProfileChange.Saved)
            {
                return TypedResults.LocalRedirect("/settings?saved=true");
            }
            handleError = "That handle is taken.";
        }
        return Page<SettingsPage>(new
        {
            Account = account, DisplayName = displayName, Handle = handle, DisplayNameError = nameError, HandleError = handleError,
        }, StatusCodes.Status400BadRequest);
    }

    private static async Task<IResult> Profile(string handle, AccountStore accounts, CancellationToken ct) =>
        await accounts.FindByHandleAsync(handle, ct) is { } account
            ? Page<ProfilePage>(new { Profile = account })
            : NotFoundPage.Result("No such reader", $"Nobody has the handle “{(handle.Length > 40 ? handle[..40] + "…" : handle)}”.");
}

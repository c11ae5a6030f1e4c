using System.Text.RegularExpressions;

namespace DailyPapers.Community.Accounts;

/// <summary>What a handle and a display name may be, and the handle a new account starts with.</summary>
public static partial class ProfileRules
{
    public const int HandleMinLength = 2;
    public const int HandleMaxLength = 39;
    public const int DisplayNameMaxLength = 80;

    /// <summary>Names that would read as the site speaking, or collide with its addresses.</summary>
    private static readonly HashSet<string> Reserved = new(StringComparer.OrdinalIgnoreCase)
    {
        "admin", "administrator", "moderator", "mod", "root", "staff", "support", "help", "system", "security",
        "api", "settings", "signin", "signout", "login", "logout", "users", "papers", "dailypapers", "me", "new",
        "anonymous", "null", "undefined",
    };

    /// <summary>Letters, digits, '-' and '_', starting and ending with a letter or digit.</summary>
    [GeneratedRegex("^[A-Za-z0-9](?:[A-Za-z0-9_-]*[A-Za-z0-9])?$", RegexOptions.CultureInvariant)]
    private static partial Regex HandlePattern();

    public static string? HandleError(string? handle)
    {
        if (string.IsNullOrWhiteSpace(handle))
        {
            return "Choose a handle.";
        }
        if (handle.Length is < HandleMinLength or > HandleMaxLength)
        {
            return $"A handle has {HandleMinLength} to {HandleMaxLength} characters.";
        }
        if (!HandlePattern().IsMatch(handle))
        {
            return "A handle has letters, digits, '-' and '_', and starts and ends with a letter or digit.";
        }
        return Reserved.Contains(handle) ? "That handle is reserved." : null;
    }

    public static string? DisplayNameError(string? displayName)
    {
        if (string.IsNullOrWhiteSpace(displayName))
        {
            return "Enter a display name.";
        }
        if (displayName.Length > DisplayNameMaxLength)
        {
            return $"A display name has at most {DisplayNameMaxLength} characters.";
        }
        return ReaderText.ControlCharacterError(displayName, "The display name");
    }

    /// <summary>A valid handle from the address's local part ("jane.doe+x@…" becomes "jane-doe-x"), or "reader".</summary>
    public static string SuggestHandle(string email)
    {
        var local = email.Split('@')[0].ToLowerInvariant();
        var chars = local.Select(c => c is (>= 'a' and <= 'z') or (>= '0' and <= '9') ? c : '-').ToArray();
        var handle = MultipleDashes().Replace(new string(chars), "-").Trim('-');
        if (handle.Length > HandleMaxLength - 4)
        {
            handle = handle[..(HandleMaxLength - 4)].Trim('-');
        }
        return handle.Length < HandleMinLength || Reserved.Contains(handle) ? "reader" : handle;
    }

    [GeneratedRegex("-{2,}", RegexOptions.CultureInvariant)]
    private static partial Regex MultipleDashes();
}

namespace DailyPapers.Community.Accounts;

/// <summary>Return addresses after sign-in: only paths on this site, never another host ("//evil.example", "/\evil").</summary>
public static class LocalUrl
{
    public static bool IsLocal(string? url) =>
        !string.IsNullOrEmpty(url) && url.Length <= 2000 && url[0] == '/'
        && (url.Length == 1 || (url[1] != '/' && url[1] != '\\'))
        && !url.Any(char.IsControl);

    public static string? OrNull(string? url) => IsLocal(url) ? url : null;

    public static string OrHome(string? url) => IsLocal(url) ? url! : "/";
}

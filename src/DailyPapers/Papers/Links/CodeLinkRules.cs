using System.Text.RegularExpressions;

namespace DailyPapers.Papers.Links;

/// <summary>
/// What counts as a repository and as a project page, for links found in a paper's text and links a person sets:
/// a repository is <c>https://github.com/owner/repo</c> (kept as <c>owner/repo</c>), a project page an absolute
/// https address with a host name and no user name or password in it.
/// </summary>
public static partial class CodeLinkRules
{
    public const int MaxProjectPageLength = 500;

    public const string GitHubPrefix = "https://github.com/";

    /// <summary>GitHub's own pages under github.com/{name}, which are not repositories.</summary>
    private static readonly HashSet<string> ReservedOwners = new(StringComparer.OrdinalIgnoreCase)
    {
        "about", "apps", "collections", "contact", "enterprise", "events", "explore", "features", "login", "marketplace",
        "new", "notifications", "orgs", "organizations", "pricing", "pulls", "issues", "search", "security", "settings",
        "site", "sponsors", "topics", "trending", "users",
    };

    /// <summary>The full address of a repository kept as <c>owner/repo</c>.</summary>
    public static string RepoUrl(string repo) => GitHubPrefix + repo;

    /// <summary>
    /// <c>owner/repo</c> from a github.com address (<c>/tree/…</c>, <c>.git</c> and a trailing slash allowed), or null.
    /// A person's entry must be https; in a paper's text any scheme or none is read.
    /// </summary>
    public static string? RepoFromUrl(string url, bool requireHttps)
    {
        var m = RepoAddress().Match(url);
        if (!m.Success || (requireHttps && !m.Groups["scheme"].Value.Equals("https://", StringComparison.OrdinalIgnoreCase)))
        {
            return null;
        }
        var owner = m.Groups["owner"].Value;
        var repo = m.Groups["repo"].Value;
        if (repo.EndsWith(".git", StringComparison.OrdinalIgnoreCase))
        {
            repo = repo[..^4];
        }
        return repo.Length == 0 || repo.Trim('.').Length == 0 || ReservedOwners.Contains(owner) ? null : $"{owner}/{repo}";
    }

    /// <summary>A person's repository entry: exactly https://github.com/owner/repo (a trailing slash or .git allowed).</summary>
    public static string? RepoFromEntry(string entry) =>
        ExactRepoEntry().IsMatch(entry) ? RepoFromUrl(entry, requireHttps: true) : null;

    /// <summary>The address as it will be linked, when it is an acceptable project page; else null.</summary>
    public static string? ProjectPage(string url)
    {
        if (url.Length > MaxProjectPageLength || url.Any(c => char.IsWhiteSpace(c) || char.IsControl(c))
            || !Uri.TryCreate(url, UriKind.Absolute, out var uri) || uri.Scheme != Uri.UriSchemeHttps
            || uri.UserInfo.Length > 0 || !uri.Host.Contains('.', StringComparison.Ordinal) || uri.HostNameType != UriHostNameType.Dns)
        {
            return null;
        }
        return uri.AbsoluteUri;
    }

    [GeneratedRegex("""^(?<scheme>https?://)?(?:www\.)?github\.com/(?<owner>[A-Za-z0-9](?:[A-Za-z0-9]|-(?=[A-Za-z0-9])){0,38})/(?<repo>[A-Za-z0-9._-]{1,100})(?:[/?#].*)?$""",
        RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex RepoAddress();

    [GeneratedRegex("""^https://github\.com/[^/?#]+/[^/?#]+/?$""", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex ExactRepoEntry();
}

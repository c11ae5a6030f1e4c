using System.Text.RegularExpressions;

namespace DailyPapers.Papers.Links;

/// <summary>
/// A paper's GitHub repository (<c>owner/repo</c>) and project page (an https URL), either of them possibly unknown.
/// </summary>
public sealed partial record CodeLinks(string? GithubRepo, string? ProjectPage)
{
    public static readonly CodeLinks None = new(null, null);

    public bool IsEmpty => GithubRepo is null && ProjectPage is null;

    /// <summary>
    /// The first GitHub repository and the first project page that the abstract, then the arXiv comments, name:
    /// "Code is available at https://github.com/…", "Project page: https://….github.io/…", <c>\url{…}</c>. Links to
    /// arXiv, DOIs, Hugging Face and licences are not project pages; a plain-http page is left out (only https
    /// addresses are shown), but GitHub and GitHub Pages addresses are read as https whatever their scheme.
    /// </summary>
    public static CodeLinks Find(string? abstractText, string? comments)
    {
        string? repo = null;
        string? page = null;
        foreach (var text in (string?[])[abstractText, comments])
        {
            if (string.IsNullOrEmpty(text) || (repo is not null && page is not null)
                || (text.IndexOf("http", StringComparison.OrdinalIgnoreCase) < 0 && text.IndexOf("github", StringComparison.OrdinalIgnoreCase) < 0))
            {
                continue;
            }
            try
            {
                foreach (Match m in Address().Matches(text))
                {
                    var url = TrimEnd(m.Value);
                    if (repo is null && CodeLinkRules.RepoFromUrl(url, requireHttps: false) is { } r)
                    {
                        repo = r;
                    }
                    else if (page is null && ProjectPageFrom(url) is { } p)
                    {
                        page = p;
                    }
                }
            }
            catch (RegexMatchTimeoutException)
            {
                // A pathological text: keep what was found; an import must not stop for a link.
            }
        }
        return repo is null && page is null ? None : new CodeLinks(repo, page);
    }

    /// <summary>Sentence punctuation and closing brackets after an address belong to the text around it.</summary>
    private static string TrimEnd(string url) => url.TrimEnd('.', ',', ';', ':', '!', '?', ')', ']', '\'', '"', '*');

    private static string? ProjectPageFrom(string url)
    {
        if (!url.Contains("://", StringComparison.Ordinal))
        {
            url = "https://" + url; // only GitHub Pages addresses match without a scheme
        }
        else if (url.StartsWith("http://", StringComparison.OrdinalIgnoreCase)
                 && Uri.TryCreate(url, UriKind.Absolute, out var plain) && plain.Host.EndsWith(".github.io", StringComparison.OrdinalIgnoreCase))
        {
            url = "https://" + url["http://".Length..];
        }
        return CodeLinkRules.ProjectPage(url) is { } page && !NotAProjectPage(new Uri(page).Host) ? page : null;
    }

    private static bool NotAProjectPage(string host) =>
        host.Equals("github.com", StringComparison.OrdinalIgnoreCase) || host.EndsWith(".github.com", StringComparison.OrdinalIgnoreCase)
        || NotProjectHosts.Any(h => host.Equals(h, StringComparison.OrdinalIgnoreCase) || host.EndsWith("." + h, StringComparison.OrdinalIgnoreCase));

    private static readonly string[] NotProjectHosts =
        ["arxiv.org", "doi.org", "huggingface.co", "creativecommons.org", "opensource.org", "githubusercontent.com", "zenodo.org"];

    /// <summary>
    /// An http(s) address, or a scheme-less github.com or *.github.io one; it ends at white space, quotes, angle
    /// brackets, braces and backslashes (so <c>\url{…}</c> and <c>\href{…}{…}</c> give the address alone).
    /// </summary>
    [GeneratedRegex("""https?://[^\s{}<>"\\|^`]+|(?<![\w./@-])(?:www\.)?github\.com/[^\s{}<>"\\|^`]+|(?<![\w./@-])[A-Za-z0-9-]+\.github\.io(?:/[^\s{}<>"\\|^`]*)?""",
        RegexOptions.IgnoreCase | RegexOptions.CultureInvariant, matchTimeoutMilliseconds: 1000)]
    private static partial Regex Address();
}

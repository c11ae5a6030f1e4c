using DailyPapers.Feed;
using DailyPapers.Web;
using Microsoft.AspNetCore.Http.HttpResults;

namespace DailyPapers.Search;

public static partial class SearchEndpoints
{
    /// <summary>How many of a search's best results its feed holds.</summary>
    public const int FeedSize = 50;

    /// <summary>
    /// <c>/search.atom?q=…&amp;cat=…&amp;from=…&amp;to=…</c>: a saved search (a topic such as <c>cat:cs.LG</c>) as a feed.
    /// The best <see cref="FeedSize"/> results, newest paper first, so a feed reader sees new matches at the top.
    /// A feed has no room for the page's notices, so what the page explains and ignores is refused here with
    /// 400 problem details: no query, a query with nothing to search for, a malformed category or date. A query
    /// longer than <see cref="SearchQuery.MaxLength"/> is cut, as on the page. Not cached by content version, for
    /// the same reason as the page.
    /// </summary>
    private static async Task<Results<FileContentHttpResult, ValidationProblem>> SearchAtom(
        string? q, string? cat, string? from, string? to, SearchService search, SearchResultCards cards, SiteUrls urls, TimeProvider clock,
        CancellationToken ct)
    {
        var errors = new Dictionary<string, string[]>();
        if (string.IsNullOrWhiteSpace(q))
        {
            errors["q"] = ["q is required: the words to search for."];
        }
        else if (SearchQuery.Parse(q).IsEmpty)
        {
            errors["q"] = ["q has no letters or digits to search for."];
        }
        var view = new SearchPageView
        {
            Query = q is null ? "" : q[..Math.Min(q.Length, SearchQuery.MaxLength)],
            Category = Refuse(errors, "cat", notices => ParseCategory(cat, notices)),
            From = Refuse(errors, "from", notices => ParseDate(from, "From", notices)),
            To = Refuse(errors, "to", notices => ParseDate(to, "To", notices)),
        };
        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors, title: "Invalid feed parameters");
        }
        if (view.From > view.To)
        {
            view = view with { From = view.To, To = view.From };
        }
        var results = search.Search(new SearchRequest
        {
            Query = view.Query,
            Filter = new SearchFilter { Category = view.Category, From = view.From, To = view.To },
            Limit = FeedSize,
            Highlight = false,
        });
        var entries = (await cards.LoadAsync(results.Hits, ct)).Select(c => c.Entry)
            .OrderByDescending(e => e.Paper.PublishedAt).ThenByDescending(e => e.Paper.ArxivId, StringComparer.Ordinal).ToList();
        var baseUrl = urls.BaseUrl;
        var bytes = DailyListAtom.Write($"DailyPapers: search “{Shorten(view.Query, 100)}”", baseUrl + view.FeedUrl, baseUrl + view.PageUrl(0),
            entries, baseUrl, clock.GetUtcNow().UtcDateTime, "The best matches of a DailyPapers search, newest paper first.");
        return TypedResults.Bytes(bytes, DailyListAtom.ContentType);
    }

    /// <summary>Runs one of the page's lenient parsers, turning what it would have noted into a 400 error for <paramref name="name"/>.</summary>
    private static T Refuse<T>(Dictionary<string, string[]> errors, string name, Func<List<string>, T> parse)
    {
        var notices = new List<string>();
        var value = parse(notices);
        if (notices.Count > 0)
        {
            errors[name] = [.. notices];
        }
        return value;
    }

    private static string Shorten(string s, int max) => s.Length <= max ? s : s[..max] + "…";
}

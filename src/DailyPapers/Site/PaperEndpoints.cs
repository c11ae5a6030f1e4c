using DailyPapers.Feed;
using DailyPapers.Papers;
using DailyPapers.Web;
using DailyPapers.Web.Components;
using Microsoft.AspNetCore.Http.HttpResults;

namespace DailyPapers.Site;

/// <summary>
/// The paper page, its Markdown form, its thumbnail, and <c>GET /api/papers/{id}</c>: the paper with its place on
/// a daily list (Feed) and its comment count (Community), so they live above both.
/// </summary>
public static class PaperEndpoints
{
    public static IEndpointRouteBuilder MapPapers(this IEndpointRouteBuilder app, IEndpointRouteBuilder api)
    {
        // Catch-all, because old-style ids carry a slash (hep-th/9901001); literal routes such as /papers/date win.
        // Other spellings of an id (arXiv:…, a version, a URL) work but are not cached, so they cannot fill the cache.
        app.MapGet("/papers/{**path}", PaperPage).ExcludeFromDescription().CacheByContentVersion(ctx => IsCanonicalId(ctx, "path"));
        api.MapGet("/papers/{**id}", PaperApi).WithTags("Papers").CacheByContentVersion(ctx => IsCanonicalId(ctx, "id"))
            .WithName("GetPaper")
            .WithSummary("One paper with numComments, shaped like Hugging Face's /api/papers/{id}.");
        return app;
    }

    private static async Task<IResult> PaperPage(string path, PaperStore papers, DailyListStore lists, SiteUrls urls, CancellationToken ct)
    {
        var format = "html";
        foreach (var suffix in (string[])[".md", "/thumbnail.svg"])
        {
            if (path.EndsWith(suffix, StringComparison.OrdinalIgnoreCase))
            {
                format = suffix;
                path = path[..^suffix.Length];
            }
        }
        if (!ArxivId.TryParse(path, out var id))
        {
            return NotFoundPage.Result("Not a paper", $"“{Truncate(path)}” is not an arXiv id such as 2310.06110 or hep-th/9901001.");
        }
        var paper = await papers.GetAsync(id.Id, ct);
        if (paper is null || paper.Hidden)
        {
            return NotFoundPage.Result("Paper not found", $"arXiv:{id} is not in the DailyPapers catalogue yet.");
        }
        if (format == ".md")
        {
            return TypedResults.Text(PaperMarkdown.For(paper, urls.BaseUrl), PaperMarkdown.ContentType);
        }
        if (format == "/thumbnail.svg")
        {
            return TypedResults.Text(PaperThumbnail.Svg(paper), PaperThumbnail.ContentType);
        }
        var entry = await lists.GetAsync(id.Id, ct);
        return new RazorComponentResult<PaperPage>(new { Paper = paper, ListDate = entry?.ListDate, Submitter = entry?.SubmittedBy });
    }

    private static async Task<Results<Ok<PaperJson>, ProblemHttpResult>> PaperApi(
        string id, PaperStore papers, DailyListStore lists, SiteUrls urls, CancellationToken ct)
    {
        // Hugging Face answers 404 for anything that is not one of its papers, an id that cannot be one included.
        var parsed = ArxivId.TryParse(id, out var arxivId);
        var paper = parsed ? await papers.GetAsync(arxivId.Id, ct) : null;
        if (paper is null || paper.Hidden)
        {
            return TypedResults.Problem(
                !parsed ? $"'{Truncate(id)}' is not an arXiv id such as 2310.06110 or hep-th/9901001." : $"arXiv:{arxivId.Id} is not in the catalogue.",
                statusCode: 404, title: "Paper not found");
        }
        var entry = (await lists.EntriesForAsync([paper], ct))[0];
        return TypedResults.Ok(DailyPaperJson.From(entry, urls.BaseUrl).Paper.WithPaperPageFields(entry.NumComments));
    }

    /// <summary>Whether the route value is an id as the site writes it (2310.06110, hep-th/9901001), with at most a known suffix.</summary>
    private static bool IsCanonicalId(HttpContext ctx, string routeValue)
    {
        var value = ctx.Request.RouteValues[routeValue] as string ?? "";
        foreach (var suffix in (string[])[".md", "/thumbnail.svg"])
        {
            if (value.EndsWith(suffix, StringComparison.Ordinal))
            {
                value = value[..^suffix.Length];
                break;
            }
        }
        return ArxivId.TryParse(value, out var id) && id.Id == value;
    }

    private static string Truncate(string s) => s.Length <= 60 ? s : s[..60] + "…";
}

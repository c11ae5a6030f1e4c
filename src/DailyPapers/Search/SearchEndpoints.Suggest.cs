using System.Globalization;
using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Http.HttpResults;

namespace DailyPapers.Search;

/// <summary>One suggestion while typing: what it is (<c>title</c>, <c>author</c>, <c>category</c>), its text, and where it leads.</summary>
public sealed record SuggestionJson(
    [property: JsonPropertyName("kind")] string Kind,
    [property: JsonPropertyName("text")] string Text,
    [property: JsonPropertyName("url")] string Url,
    [property: JsonPropertyName("papers")] int? Papers);

/// <summary>The answer of <c>GET /api/papers/suggest</c>.</summary>
public sealed record SuggestionsJson(
    [property: JsonPropertyName("q")] string Query,
    [property: JsonPropertyName("suggestions")] IReadOnlyList<SuggestionJson> Suggestions);

public static partial class SearchEndpoints
{
    public const int SuggestMaxQueryLength = 100;
    public const int SuggestMaxLimit = 20;
    public const int SuggestDefaultLimit = 8;

    /// <summary>
    /// Suggestions while typing: titles (to the paper page), author names (to <c>au:"Name"</c>) and categories
    /// (to <c>cat:cs.CL</c>), from this node's index. Small and cheap: the search box asks on every pause in typing.
    /// </summary>
    private static Results<Ok<SuggestionsJson>, ValidationProblem> SuggestApi(string? q, string? limit, SearchIndexes indexes)
    {
        var errors = new Dictionary<string, string[]>();
        if (q is null || q.Length > SuggestMaxQueryLength)
        {
            errors["q"] = [$"q is required: 1–{SuggestMaxQueryLength} characters typed so far."];
        }
        var size = SuggestDefaultLimit;
        if (limit is not null && (!int.TryParse(limit, NumberStyles.None, CultureInfo.InvariantCulture, out size) || size is < 1 or > SuggestMaxLimit))
        {
            errors["limit"] = [$"limit must be between 1 and {SuggestMaxLimit}."];
        }
        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors, title: "Invalid query parameters");
        }
        var found = indexes.Keyword?.Suggest(q!, size) ?? Keyword.IndexSuggestions.None;
        // Titles first (the most specific), then names, then categories: each kind keeps up to a quarter of the
        // list (at least one) when it has any; titles fill the rest.
        var share = size / 4 + 1;
        var authors = found.Authors.Take(share).ToList();
        var categories = found.Categories.Take(share).ToList();
        var titles = found.Titles.Take(Math.Max(1, size - authors.Count - categories.Count)).ToList();
        var suggestions = titles.Select(t => new SuggestionJson("title", t.Title, "/papers/" + t.Id, null))
            .Concat(authors.Select(a => new SuggestionJson("author", a.Name, "/search?q=" + Uri.EscapeDataString($"au:\"{a.Name}\""), a.Papers)))
            .Concat(categories.Select(c => new SuggestionJson("category", c.Category, "/search?q=" + Uri.EscapeDataString("cat:" + c.Category), c.Papers)));
        return TypedResults.Ok(new SuggestionsJson(q!, suggestions.Take(size).ToList()));
    }
}

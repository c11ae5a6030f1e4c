using System.Globalization;
using Ganss.Xss;
using Markdig;

namespace DailyPapers.Community.Comments;

/// <summary>
/// A comment's Markdown as safe HTML. Raw HTML in the text is shown as text (Markdig's DisableHtml), and
/// the result still goes through an allow-list sanitizer: only plain formatting tags survive, links keep
/// http, https and mailto addresses (so <c>[x](javascript:…)</c> loses its href) and open with rel=nofollow.
/// </summary>
public static class CommentMarkdown
{
    /// <summary>The longest comment accepted, in characters of Markdown.</summary>
    public const int MaxLength = 10_000;

    private static readonly MarkdownPipeline Pipeline = new MarkdownPipelineBuilder()
        .DisableHtml()
        .UseAutoLinks()
        .UseEmphasisExtras()
        .Build();

    private static readonly HtmlSanitizer Sanitizer = CreateSanitizer();

    /// <summary>What a page shows in place of a comment that cannot be rendered (see <see cref="TryToHtml"/>).</summary>
    public const string UnavailableHtml = "<p class=\"comment-unavailable\"><em>This comment cannot be shown.</em></p>";

    /// <summary>The message for a text Markdig refuses to render (it throws on nesting deeper than its limit).</summary>
    public const string RenderError =
        "This comment cannot be shown: it nests too deeply (quotes, lists, emphasis or brackets inside each other). Simplify it and try again.";

    /// <summary>The sanitised HTML of <paramref name="markdown"/>; throws what Markdig throws (deep nesting), so pages use <see cref="TryToHtml"/>.</summary>
    public static string ToHtml(string markdown) => Sanitizer.Sanitize(Markdown.ToHtml(markdown, Pipeline));

    /// <summary>
    /// The sanitised HTML, or false with the exception when rendering failed. About 130 nested <c>&gt;</c> or 10,000
    /// <c>[</c> make Markdig throw; a comment is rendered when written, so this is where such text is refused.
    /// </summary>
    public static bool TryToHtml(string markdown, out string html, out Exception? failure)
    {
        try
        {
            html = ToHtml(markdown);
            failure = null;
            return true;
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            // Markdig and the sanitiser are third-party parsers fed hostile text: any failure means "cannot be shown".
            html = UnavailableHtml;
            failure = e;
            return false;
        }
    }

    /// <summary>Why a comment text cannot be posted, or null when it can.</summary>
    public static string? Error(string? body) =>
        string.IsNullOrWhiteSpace(body) ? "Write something first."
        : body.Length > MaxLength ? string.Create(CultureInfo.InvariantCulture, $"A comment can have at most {MaxLength:N0} characters.")
        : ReaderText.ControlCharacterError(body, "The comment", multiline: true);

    /// <summary>
    /// Why a comment text cannot be posted, or null with its <paramref name="html"/> to store: a text is checked by
    /// rendering it, so what is stored always renders.
    /// </summary>
    public static string? Prepare(string? body, out string html)
    {
        html = "";
        if (Error(body) is { } error)
        {
            return error;
        }
        return TryToHtml(body!, out html, out _) ? null : RenderError;
    }

    private static HtmlSanitizer CreateSanitizer()
    {
        var options = new HtmlSanitizerOptions
        {
            AllowedTags = new HashSet<string>(StringComparer.OrdinalIgnoreCase)
            {
                "p", "br", "em", "strong", "del", "code", "pre", "blockquote", "ul", "ol", "li", "a", "h1", "h2", "h3", "h4", "h5", "h6", "hr",
            },
            AllowedAttributes = new HashSet<string>(StringComparer.OrdinalIgnoreCase) { "href", "title" },
            AllowedSchemes = new HashSet<string>(StringComparer.OrdinalIgnoreCase) { "http", "https", "mailto" },
            UriAttributes = new HashSet<string>(StringComparer.OrdinalIgnoreCase) { "href" },
            AllowedCssProperties = new HashSet<string>(),
            AllowedAtRules = new HashSet<AngleSharp.Css.Dom.CssRuleType>(),
        };
        var sanitizer = new HtmlSanitizer(options);
        sanitizer.PostProcessNode += (_, e) =>
        {
            if (e.Node is AngleSharp.Dom.IElement { LocalName: "a" } link)
            {
                link.SetAttribute("rel", "nofollow ugc noopener");
            }
        };
        return sanitizer;
    }
}

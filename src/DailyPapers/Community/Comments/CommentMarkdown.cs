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

    public static string ToHtml(string markdown) => Sanitizer.Sanitize(Markdown.ToHtml(markdown, Pipeline));

    /// <summary>Why a comment text cannot be posted, or null when it can.</summary>
    public static string? Error(string? body) =>
        string.IsNullOrWhiteSpace(body) ? "Write something first."
        : body.Length > MaxLength ? $"A comment can have at most {MaxLength:N0} characters."
        : ReaderText.ControlCharacterError(body, "The comment", multiline: true);

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

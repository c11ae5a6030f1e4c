using DailyPapers.Papers;

namespace DailyPapers.Search;

/// <summary>Where a part of a query looks.</summary>
public enum QueryField
{
    /// <summary>Title, abstract, authors and categories together.</summary>
    All,
    Title,
    Author,
    Category,
}

/// <summary>One part of a query: words or a quoted phrase, in one field.</summary>
public sealed record QueryPart(QueryField Field, string Text, bool IsPhrase)
{
    /// <summary>Phrases and field prefixes are requirements; plain words only rank.</summary>
    public bool IsRequired => IsPhrase || Field != QueryField.All;
}

/// <summary>
/// A reader's query, parsed by our own small grammar so that nothing a reader types can be a syntax error:
/// words, <c>"quoted phrases"</c> (an unclosed quote runs to the end), and the prefixes <c>au:</c>,
/// <c>ti:</c> and <c>cat:</c> before a word or a phrase. Everything else is text. Operators such as AND/OR
/// are plain words.
/// </summary>
public sealed record SearchQuery
{
    /// <summary>The longest query considered; longer input is cut (the API refuses more than 250 characters).</summary>
    public const int MaxLength = 1000;

    /// <summary>At most this many parts; Lucene refuses a query of more than 1,024 clauses.</summary>
    public const int MaxParts = 200;

    public required IReadOnlyList<QueryPart> Parts { get; init; }

    /// <summary>True when the input was longer than <see cref="MaxLength"/> and was cut.</summary>
    public bool Truncated { get; init; }

    public bool IsEmpty => Parts.Count == 0;

    /// <summary>The paper the whole query names by an arXiv id, arXiv link or DOI, if it is one.</summary>
    public PaperIdentifier? Identifier { get; init; }

    /// <summary>The plain words of the query (no prefix, not quoted), as typed.</summary>
    public IEnumerable<string> PlainWords => Parts.Where(p => p.Field == QueryField.All && !p.IsPhrase).Select(p => p.Text);

    public bool HasRequiredParts => Parts.Any(p => p.IsRequired);

    /// <summary>The words and phrases of the unprefixed parts: what a semantic search embeds.</summary>
    public string FreeText => string.Join(' ', Parts.Where(p => p.Field == QueryField.All).Select(p => p.Text));

    public static SearchQuery Parse(string? input)
    {
        input ??= "";
        var truncated = input.Length > MaxLength;
        var text = truncated ? input[..MaxLength] : input;
        var parts = new List<QueryPart>();
        var i = 0;
        while (i < text.Length && parts.Count < MaxParts)
        {
            if (char.IsWhiteSpace(text[i]) || char.IsControl(text[i]))
            {
                i++;
                continue;
            }
            var field = ReadPrefix(text, ref i);
            if (i < text.Length && text[i] == '"')
            {
                var end = text.IndexOf('"', i + 1);
                var phrase = end < 0 ? text[(i + 1)..] : text[(i + 1)..end];
                i = end < 0 ? text.Length : end + 1;
                Add(parts, field ?? QueryField.All, phrase, isPhrase: true);
                continue;
            }
            var start = i;
            while (i < text.Length && !char.IsWhiteSpace(text[i]) && text[i] != '"')
            {
                i++;
            }
            Add(parts, field ?? QueryField.All, text[start..i], isPhrase: false);
        }
        return new SearchQuery { Parts = parts, Truncated = truncated, Identifier = PaperIdentifier.TryParse(text, out var identifier) ? identifier : null };
    }

    private static QueryField? ReadPrefix(string text, ref int i)
    {
        foreach (var (prefix, field) in Prefixes)
        {
            if (string.Compare(text, i, prefix, 0, prefix.Length, StringComparison.OrdinalIgnoreCase) == 0
                && i + prefix.Length < text.Length && !char.IsWhiteSpace(text[i + prefix.Length]))
            {
                i += prefix.Length;
                return field;
            }
        }
        return null;
    }

    private static readonly (string Prefix, QueryField Field)[] Prefixes =
        [("au:", QueryField.Author), ("ti:", QueryField.Title), ("cat:", QueryField.Category)];

    private static void Add(List<QueryPart> parts, QueryField field, string text, bool isPhrase)
    {
        text = text.Trim();
        if (text.Length > 0 && text.Any(char.IsLetterOrDigit))
        {
            // A quoted single word is just that word.
            parts.Add(new QueryPart(field, text, isPhrase && text.Any(char.IsWhiteSpace)));
        }
    }
}

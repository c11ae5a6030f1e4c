namespace DailyPapers.Search.Keyword;

/// <summary>
/// Index keys that let a prefix find an author's full name: "Yoshua Bengio" is kept as
/// <c>yoshua bengio␟Yoshua Bengio</c> and <c>bengio␟Yoshua Bengio</c> (lower case, no accents, then the name as
/// written), so both "yosh" and "beng" find it by a seek in the sorted terms.
/// </summary>
internal static class SuggestionKeys
{
    public const char Separator = '\u001f';

    public static IEnumerable<string> ForAuthor(string name)
    {
        var words = Fold(name);
        var display = string.Join(' ', name.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));
        for (var i = 0; i < words.Count; i++)
        {
            yield return string.Join(' ', words.Skip(i)) + Separator + display;
        }
    }

    /// <summary>Typed text in the form of the keys: lower case, no accents, words joined by single spaces.</summary>
    public static string Normalize(string text) => string.Join(' ', Fold(text));

    private static List<string> Fold(string text) => TypedText.Words(TypedText.WithoutAccents(text));
}

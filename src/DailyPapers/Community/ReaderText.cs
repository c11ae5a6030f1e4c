using System.Globalization;
using System.Text;

namespace DailyPapers.Community;

/// <summary>
/// The rule every form and API field a reader types into shares. No control characters, except tab, CR and LF
/// where the field has lines: PostgreSQL refuses U+0000 in text while SQLite stores it, so without this check the
/// same input would be saved on one provider and a server error on the other. And no invisible formatting
/// characters (Unicode category Cf) that make text show as something else: <c>"\u202Enimda"</c> displays as
/// "admin", and a name of zero-width spaces displays as nothing.
/// </summary>
public static class ReaderText
{
    /// <summary>True when <paramref name="text"/> holds a control character (tab, CR and LF allowed only when <paramref name="multiline"/>).</summary>
    public static bool HasControlCharacter(string? text, bool multiline = false) =>
        text is not null && text.Any(c => char.IsControl(c) && !(multiline && c is '\t' or '\r' or '\n'));

    /// <summary>
    /// True when <paramref name="text"/> holds a format character (category Cf) the field refuses. One-line fields
    /// (names, topics, reasons) refuse them all, except a zero-width joiner or non-joiner between two visible
    /// characters: Persian and Indic names and emoji sequences need those, and they reorder or hide nothing.
    /// Multi-line text (comments) refuses only the bidirectional embeddings, overrides and isolates, which show
    /// text in another order than it was written; other Cf characters (joiners, LRM/RLM, soft hyphens) are
    /// ordinary in writing in many scripts.
    /// </summary>
    public static bool HasFormatCharacter(string? text, bool multiline = false)
    {
        if (text is null || !text.Any(c => c >= '\u00AD'))
        {
            return false; // every Cf character is at U+00AD or above
        }
        var runes = text.EnumerateRunes().ToArray();
        for (var i = 0; i < runes.Length; i++)
        {
            if (Rune.GetUnicodeCategory(runes[i]) != UnicodeCategory.Format)
            {
                continue;
            }
            if (IsBidiControl(runes[i]))
            {
                return true;
            }
            var joinsTwoCharacters = runes[i].Value is 0x200C or 0x200D && i > 0 && i < runes.Length - 1 && IsVisible(runes[i - 1]) && IsVisible(runes[i + 1]);
            if (!multiline && !joinsTwoCharacters)
            {
                return true;
            }
        }
        return false;
    }

    /// <summary>The field's message for a control or refused format character in <paramref name="text"/>, or null when it has none.</summary>
    public static string? ControlCharacterError(string? text, string field, bool multiline = false) =>
        HasControlCharacter(text, multiline) ? $"{field} contains a control character."
        : HasFormatCharacter(text, multiline) ? $"{field} contains an invisible formatting character (a text direction override, a zero-width space or the like)."
        : null;

    /// <summary>U+202A–U+202E (embeddings, overrides, pop) and U+2066–U+2069 (isolates).</summary>
    private static bool IsBidiControl(Rune r) => r.Value is >= 0x202A and <= 0x202E or >= 0x2066 and <= 0x2069;

    private static bool IsVisible(Rune r) =>
        !Rune.IsWhiteSpace(r) && Rune.GetUnicodeCategory(r) is not (UnicodeCategory.Format or UnicodeCategory.Control);
}

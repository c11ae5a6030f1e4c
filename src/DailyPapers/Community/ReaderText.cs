namespace DailyPapers.Community;

/// <summary>
/// The rule every form and API field a reader types into shares: no control characters, except tab, CR and LF
/// where the field has lines. PostgreSQL refuses U+0000 in text while SQLite stores it, so without this check
/// the same input would be saved on one provider and a server error on the other.
/// </summary>
public static class ReaderText
{
    /// <summary>True when <paramref name="text"/> holds a control character (tab, CR and LF allowed only when <paramref name="multiline"/>).</summary>
    public static bool HasControlCharacter(string? text, bool multiline = false) =>
        text is not null && text.Any(c => char.IsControl(c) && !(multiline && c is '\t' or '\r' or '\n'));

    /// <summary>"{field} contains a control character." for the form, or null when <paramref name="text"/> has none.</summary>
    public static string? ControlCharacterError(string? text, string field, bool multiline = false) =>
        HasControlCharacter(text, multiline) ? $"{field} contains a control character." : null;
}

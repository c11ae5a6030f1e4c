using DailyPapers.Papers;

namespace DailyPapers.Ingest.Oai;

/// <summary>
/// One OAI-PMH response: its records, the token for the next page (null on the last one) and, when the
/// server answered with an OAI error or something unreadable, <see cref="Error"/>.
/// </summary>
public sealed record OaiPage
{
    /// <summary>When the server answered, by its own clock.</summary>
    public DateTimeOffset? ResponseDate { get; init; }

    public IReadOnlyList<OaiRecord> Records { get; init; } = [];

    /// <summary>The token that asks for the next page; null when this page is the last.</summary>
    public string? ResumptionToken { get; init; }

    /// <summary>Where this page starts in the whole list, when the server says.</summary>
    public long? Cursor { get; init; }

    /// <summary>How many records the whole list holds, when the server says.</summary>
    public long? CompleteListSize { get; init; }

    public OaiError? Error { get; init; }

    public static OaiPage Failed(OaiErrorKind kind, string message) => new() { Error = new OaiError(kind, message) };
}

/// <summary>
/// One record of a page: a <see cref="Paper"/>, a deletion notice, or a record that could not be read
/// (<see cref="Problem"/> says why; the harvest skips it and names it by <see cref="Identifier"/>).
/// </summary>
public sealed record OaiRecord
{
    /// <summary>The OAI identifier, such as <c>oai:arXiv.org:0704.0471</c>.</summary>
    public required string Identifier { get; init; }

    /// <summary>When the record last changed (day granularity at arXiv).</summary>
    public DateOnly? Datestamp { get; init; }

    /// <summary>The header says <c>status="deleted"</c>: there is no metadata to store.</summary>
    public bool Deleted { get; init; }

    public Paper? Paper { get; init; }

    public string? Problem { get; init; }
}

namespace DailyPapers.Ingest.Arxiv;

/// <summary>Why an arXiv request gave no (complete) answer.</summary>
public enum ArxivErrorKind
{
    /// <summary>arXiv's error feed said an id is not in a format it knows.</summary>
    MalformedId,

    /// <summary>arXiv's error feed rejected the query for another reason (bad start, bad max_results…).</summary>
    QueryRejected,

    /// <summary>Nothing matched: an id arXiv does not have, or a search with no results.</summary>
    NotFound,

    /// <summary>The response was not a readable Atom feed (malformed or truncated XML).</summary>
    BadResponse,

    /// <summary>arXiv answered with an HTTP error, after retries where retrying made sense.</summary>
    HttpError,

    /// <summary>No answer: timeouts or dropped connections on every attempt.</summary>
    Unreachable,
}

/// <summary>An expected failure of an arXiv request, with a message fit to show a person.</summary>
public sealed record ArxivError(ArxivErrorKind Kind, string Message)
{
    public override string ToString() => Message;
}

namespace DailyPapers.Ingest.Oai;

/// <summary>Why an OAI-PMH request or a harvest gave no (complete) answer.</summary>
public enum OaiErrorKind
{
    /// <summary>OAI <c>badArgument</c>: an illegal, missing or repeated argument.</summary>
    BadArgument,

    /// <summary>OAI <c>badResumptionToken</c>: the token expired or was never valid.</summary>
    BadResumptionToken,

    /// <summary>OAI <c>badVerb</c>: the verb is missing, repeated or unknown.</summary>
    BadVerb,

    /// <summary>OAI <c>cannotDisseminateFormat</c>: the metadata prefix is not served.</summary>
    CannotDisseminateFormat,

    /// <summary>OAI <c>idDoesNotExist</c>: no item has that identifier.</summary>
    IdDoesNotExist,

    /// <summary>OAI <c>noRecordsMatch</c>: nothing in the range or set. Not a failure for a harvest: nothing is new.</summary>
    NoRecordsMatch,

    /// <summary>OAI <c>noSetHierarchy</c> or another error code this harvester does not expect.</summary>
    OtherOaiError,

    /// <summary>The response was not a readable OAI-PMH document (malformed or truncated XML).</summary>
    BadResponse,

    /// <summary>arXiv answered with an HTTP error, after retries where retrying made sense.</summary>
    HttpError,

    /// <summary>No answer: timeouts or dropped connections on every attempt.</summary>
    Unreachable,

    /// <summary>Another process holds the harvest lock (PostgreSQL), so this run did nothing.</summary>
    AlreadyRunning,
}

/// <summary>An expected failure of an OAI-PMH request or harvest, with a message fit to show a person.</summary>
public sealed record OaiError(OaiErrorKind Kind, string Message)
{
    /// <summary>The error an OAI-PMH <c>&lt;error code="…"&gt;</c> element reports, with the server's own words.</summary>
    public static OaiError FromCode(string? code, string? text)
    {
        var said = string.IsNullOrWhiteSpace(text) ? "" : $": {string.Join(' ', text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries))}";
        return code switch
        {
            "badArgument" => new(OaiErrorKind.BadArgument, $"arXiv OAI rejected the request's arguments{said}"),
            "badResumptionToken" => new(OaiErrorKind.BadResumptionToken, $"arXiv OAI no longer accepts the resumption token (tokens expire){said}"),
            "badVerb" => new(OaiErrorKind.BadVerb, $"arXiv OAI does not know the request's verb{said}"),
            "cannotDisseminateFormat" => new(OaiErrorKind.CannotDisseminateFormat, $"arXiv OAI does not serve that metadata format{said}"),
            "idDoesNotExist" => new(OaiErrorKind.IdDoesNotExist, $"arXiv OAI has no record with that identifier{said}"),
            "noRecordsMatch" => new(OaiErrorKind.NoRecordsMatch, $"no records match, nothing new to harvest{said}"),
            _ => new(OaiErrorKind.OtherOaiError, $"arXiv OAI answered with error '{code}'{said}"),
        };
    }

    public override string ToString() => Message;
}

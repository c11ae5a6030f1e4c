namespace DailyPapers.Ingest.Arxiv;

/// <summary>Settings bound from the <c>Arxiv</c> section.</summary>
public sealed class ArxivOptions
{
    /// <summary>The query API endpoint (Atom); arXiv asks clients to use the export mirror.</summary>
    public Uri ApiUrl { get; set; } = new("https://export.arxiv.org/api/query");

    /// <summary>The OAI-PMH endpoint used by the bulk harvester.</summary>
    public Uri OaiUrl { get; set; } = new("https://oaipmh.arxiv.org/oai");

    /// <summary>Least time between two arXiv requests of this process (arXiv's terms: one every 3 seconds).</summary>
    public TimeSpan MinInterval { get; set; } = TimeSpan.FromSeconds(3);

    /// <summary>How long one request may take, response body included, before it counts as failed.</summary>
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>How many times a timed-out, dropped or 5xx request is tried again before giving up.</summary>
    public int RetryCount { get; set; } = 3;

    /// <summary>Wait before the first retry; doubles with each further retry unless arXiv sends Retry-After.</summary>
    public TimeSpan RetryDelay { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>Longest wait before a retry: a longer Retry-After ends the request with an error; backoff stops growing here.</summary>
    public TimeSpan MaxRetryAfter { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>Results asked for per search call (the API serves at most 2,000).</summary>
    public int PageSize { get; set; } = 500;

    /// <summary>The User-Agent sent with every request, so arXiv can tell who is calling.</summary>
    public string UserAgent { get; set; } = "DailyPapers/1.0 (research-paper discovery site)";
}

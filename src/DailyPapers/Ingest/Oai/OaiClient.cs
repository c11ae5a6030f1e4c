using System.Globalization;
using DailyPapers.Ingest.Arxiv;
using Microsoft.Extensions.Options;

namespace DailyPapers.Ingest.Oai;

/// <summary>
/// arXiv's OAI-PMH endpoint (<see cref="ArxivOptions.OaiUrl"/>), ListRecords in the arXivRaw format. Every request
/// waits its turn at the process-wide <see cref="ArxivRateLimiter"/>, like the query API's, and is retried on
/// timeouts, dropped connections and 5xx, waiting as long as a 503's Retry-After asks. Expected failures
/// come back in <see cref="OaiPage.Error"/>, not as exceptions.
/// </summary>
public sealed partial class OaiClient(
    HttpClient http, ArxivRateLimiter limiter, IOptions<ArxivOptions> options, TimeProvider clock, ILogger<OaiClient> logger)
{
    /// <summary>The metadata format asked for: every arXivRaw field, all versions with their dates and sizes.</summary>
    public const string MetadataPrefix = "arXivRaw";

    /// <summary>The first page of records changed between <paramref name="from"/> and <paramref name="until"/> (inclusive).</summary>
    public Task<OaiPage> ListRecordsAsync(DateOnly? from, DateOnly? until, string? set, CancellationToken ct = default)
    {
        var query = new List<string> { "verb=ListRecords", $"metadataPrefix={MetadataPrefix}" };
        if (from is { } f)
        {
            query.Add($"from={Day(f)}");
        }
        if (until is { } u)
        {
            query.Add($"until={Day(u)}");
        }
        if (!string.IsNullOrEmpty(set))
        {
            query.Add($"set={Uri.EscapeDataString(set)}");
        }
        return GetPageAsync(Url(query), ct);
    }

    /// <summary>The next page of a list; OAI-PMH allows nothing but the verb beside the token.</summary>
    public Task<OaiPage> ResumeAsync(string resumptionToken, CancellationToken ct = default) =>
        GetPageAsync(Url(["verb=ListRecords", $"resumptionToken={Uri.EscapeDataString(resumptionToken)}"]), ct);

    private Uri Url(IEnumerable<string> query) => new UriBuilder(options.Value.OaiUrl) { Query = string.Join('&', query) }.Uri;

    private static string Day(DateOnly day) => day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
}

using DailyPapers.Ingest.Arxiv;

namespace DailyPapers.Ingest.Oai;

public sealed partial class OaiClient
{
    /// <summary>One GET, through the shared limiter, with the same retry policy as <see cref="ArxivClient"/>.</summary>
    private Task<OaiPage> GetPageAsync(Uri url, CancellationToken ct) =>
        new ArxivRetry<OaiPage, OaiErrorKind>(http, limiter, options.Value, clock, logger, "arXiv OAI",
                OaiErrorKind.HttpError, OaiErrorKind.Unreachable, OaiPage.Failed)
            .GetAsync(url, ReadAsync, ct);

    private static async Task<ArxivAttempt<OaiPage, OaiErrorKind>?> ReadAsync(HttpResponseMessage response, CancellationToken ct)
    {
        var status = (int)response.StatusCode;
        if (response.IsSuccessStatusCode)
        {
            return new(OaiResponseReader.Read(await response.Content.ReadAsStringAsync(ct)), default, "");
        }
        if (status is >= 400 and < 500 and not 408 and not 429)
        {
            // Some OAI servers send protocol errors with a 4xx status; the OAI error says more than the status.
            var page = OaiResponseReader.Read(await response.Content.ReadAsStringAsync(ct));
            return page.Error is { Kind: not OaiErrorKind.BadResponse }
                ? new(page, default, "")
                : new(null, OaiErrorKind.HttpError, $"arXiv OAI answered {status} {response.ReasonPhrase}".TrimEnd());
        }
        return null;
    }
}

using System.Net;

namespace DailyPapers.Ingest.Arxiv;

public sealed partial class ArxivClient
{
    /// <summary>One GET of the query API, through the limiter, retried while retrying makes sense.</summary>
    private Task<ArxivPage> GetPageAsync(Uri url, CancellationToken ct) =>
        new ArxivRetry<ArxivPage, ArxivErrorKind>(http, limiter, options.Value, clock, logger, "arXiv",
                ArxivErrorKind.HttpError, ArxivErrorKind.Unreachable, ArxivPage.Failed)
            .GetAsync(url, ReadAsync, ct);

    private static async Task<ArxivAttempt<ArxivPage, ArxivErrorKind>?> ReadAsync(HttpResponseMessage response, CancellationToken ct)
    {
        if (!response.IsSuccessStatusCode && response.StatusCode != HttpStatusCode.BadRequest)
        {
            return null;
        }
        // arXiv reports a bad query as 400 with an Atom error feed; any other 400 body is an HTTP error.
        var page = ArxivAtomReader.Read(await response.Content.ReadAsStringAsync(ct));
        return response.IsSuccessStatusCode || page.Error?.Kind is ArxivErrorKind.MalformedId or ArxivErrorKind.QueryRejected
            ? new ArxivAttempt<ArxivPage, ArxivErrorKind>(page, default, "")
            : new ArxivAttempt<ArxivPage, ArxivErrorKind>(null, ArxivErrorKind.HttpError, $"arXiv answered {(int)response.StatusCode} {response.ReasonPhrase}".TrimEnd());
    }
}

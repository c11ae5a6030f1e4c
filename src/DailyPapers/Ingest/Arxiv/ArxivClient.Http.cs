using System.Net;

namespace DailyPapers.Ingest.Arxiv;

public sealed partial class ArxivClient
{
    /// <summary>One GET of the query API, through the limiter, retried while retrying makes sense.</summary>
    private async Task<ArxivPage> GetPageAsync(Uri url, CancellationToken ct)
    {
        var retries = Math.Max(0, options.Value.RetryCount);
        for (var attempt = 0; ; attempt++)
        {
            using var lease = await limiter.AcquireAsync(ct);
            var outcome = await SendOnceAsync(url, ct);
            if (outcome.Page is { } page)
            {
                return page;
            }
            var tries = attempt == 0 ? "" : $" (tried {attempt + 1} times)";
            if (!outcome.Retryable || attempt >= retries)
            {
                return ArxivPage.Failed(outcome.Kind, outcome.Failure + tries);
            }
            var max = options.Value.MaxRetryAfter;
            if (outcome.RetryAfter > max)
            {
                return ArxivPage.Failed(outcome.Kind, $"{outcome.Failure}; arXiv asked to wait {outcome.RetryAfter}, longer than {max}");
            }
            var backoff = options.Value.RetryDelay * Math.Pow(2, attempt);
            var wait = outcome.RetryAfter ?? (backoff < max ? backoff : max);
            // Held by the limiter, so the OAI harvester and every other caller back off too.
            lease.HoldOffNext(wait);
            logger.LogWarning("arXiv request {Url} failed: {Failure}; retry {Retry} of {Retries} in {Wait}",
                url, outcome.Failure, attempt + 1, retries, wait);
        }
    }

    private async Task<Attempt> SendOnceAsync(Uri url, CancellationToken ct)
    {
        try
        {
            // The default completion option buffers the body, so HttpClient.Timeout covers the whole download.
            using var response = await http.GetAsync(url, ct);
            var status = (int)response.StatusCode;
            var failure = $"arXiv answered {status} {response.ReasonPhrase}".TrimEnd();
            if (response.IsSuccessStatusCode || response.StatusCode == HttpStatusCode.BadRequest)
            {
                // arXiv reports a bad query as 400 with an Atom error feed; any other 400 body is an HTTP error.
                var page = ArxivAtomReader.Read(await response.Content.ReadAsStringAsync(ct));
                return response.IsSuccessStatusCode || page.Error?.Kind is ArxivErrorKind.MalformedId or ArxivErrorKind.QueryRejected
                    ? new Attempt { Page = page }
                    : new Attempt { Kind = ArxivErrorKind.HttpError, Failure = failure };
            }
            return new Attempt
            {
                Kind = ArxivErrorKind.HttpError,
                Failure = failure,
                Retryable = status is 408 or 429 or >= 500,
                RetryAfter = RetryAfter(response),
            };
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            return new Attempt { Kind = ArxivErrorKind.Unreachable, Failure = $"arXiv did not answer within {http.Timeout}", Retryable = true };
        }
        catch (Exception e) when (e is HttpRequestException or IOException)
        {
            return new Attempt { Kind = ArxivErrorKind.Unreachable, Failure = $"could not reach arXiv: {e.Message}", Retryable = true };
        }
    }

    private TimeSpan? RetryAfter(HttpResponseMessage response) => response.Headers.RetryAfter switch
    {
        { Delta: { } delta } => delta,
        { Date: { } date } => date - clock.GetUtcNow() is var wait && wait > TimeSpan.Zero ? wait : TimeSpan.Zero,
        _ => null,
    };

    /// <summary>How one try went: a page (possibly an error feed), or a failure that may be worth retrying.</summary>
    private readonly record struct Attempt
    {
        public ArxivPage? Page { get; init; }
        public ArxivErrorKind Kind { get; init; }
        public string Failure { get; init; }
        public bool Retryable { get; init; }
        public TimeSpan? RetryAfter { get; init; }
    }
}

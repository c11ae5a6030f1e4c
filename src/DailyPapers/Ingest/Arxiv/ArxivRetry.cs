namespace DailyPapers.Ingest.Arxiv;

/// <summary>How one try of an arXiv request went: a page, or a failure that may be worth retrying.</summary>
internal readonly record struct ArxivAttempt<TPage, TKind>(TPage? Page, TKind Kind, string Failure, bool Retryable = false, TimeSpan? RetryAfter = null)
    where TPage : class;

/// <summary>
/// The one retry policy for every arXiv endpoint (query API and OAI-PMH): each try goes through the shared
/// <see cref="ArxivRateLimiter"/>; timeouts, dropped connections, 408, 429 and 5xx are retried with
/// exponential backoff or the server's Retry-After, which the limiter holds for every caller.
/// </summary>
internal sealed class ArxivRetry<TPage, TKind>(
    HttpClient http, ArxivRateLimiter limiter, ArxivOptions options, TimeProvider clock, ILogger logger, string service,
    TKind httpError, TKind unreachable, Func<TKind, string, TPage> failed)
    where TPage : class
{
    /// <summary>
    /// GETs <paramref name="url"/> until it yields a page or retrying stops making sense. <paramref name="read"/>
    /// turns a response into an attempt, or returns null to let the status code decide.
    /// </summary>
    public async Task<TPage> GetAsync(Uri url, Func<HttpResponseMessage, CancellationToken, Task<ArxivAttempt<TPage, TKind>?>> read, CancellationToken ct)
    {
        var retries = Math.Max(0, options.RetryCount);
        for (var attempt = 0; ; attempt++)
        {
            using var lease = await limiter.AcquireAsync(ct);
            var outcome = await SendOnceAsync(url, read, ct);
            if (outcome.Page is { } page)
            {
                return page;
            }
            var tries = attempt == 0 ? "" : $" (tried {attempt + 1} times)";
            if (!outcome.Retryable || attempt >= retries)
            {
                return failed(outcome.Kind, outcome.Failure + tries);
            }
            var max = options.MaxRetryAfter;
            if (outcome.RetryAfter > max)
            {
                return failed(outcome.Kind, $"{outcome.Failure}; arXiv asked to wait {outcome.RetryAfter}, longer than {max}");
            }
            var backoff = options.RetryDelay * Math.Pow(2, attempt);
            var wait = outcome.RetryAfter ?? (backoff < max ? backoff : max);
            // Held by the limiter, so every other arXiv caller backs off too.
            lease.HoldOffNext(wait);
            // arXiv unreachable (no network, a timeout) is the caller's to report, once, with the last failure; a busy
            // arXiv (429, 5xx) is worth a warning at each retry.
            logger.Log(EqualityComparer<TKind>.Default.Equals(outcome.Kind, unreachable) ? LogLevel.Debug : LogLevel.Warning,
                "{Service} request {Url} failed: {Failure}; retry {Retry} of {Retries} in {Wait}",
                service, url, outcome.Failure, attempt + 1, retries, wait);
        }
    }

    private async Task<ArxivAttempt<TPage, TKind>> SendOnceAsync(
        Uri url, Func<HttpResponseMessage, CancellationToken, Task<ArxivAttempt<TPage, TKind>?>> read, CancellationToken ct)
    {
        try
        {
            // The default completion option buffers the body, so HttpClient.Timeout covers the whole download.
            using var response = await http.GetAsync(url, ct);
            if (await read(response, ct) is { } interpreted)
            {
                return interpreted;
            }
            var status = (int)response.StatusCode;
            return new(null, httpError, $"{service} answered {status} {response.ReasonPhrase}".TrimEnd(),
                Retryable: status is 408 or 429 or >= 500, RetryAfter: RetryAfter(response));
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            return new(null, unreachable, $"{service} did not answer within {http.Timeout}", Retryable: true);
        }
        catch (Exception e) when (e is HttpRequestException or IOException)
        {
            return new(null, unreachable, $"could not reach {service}: {e.Message}", Retryable: true);
        }
    }

    private TimeSpan? RetryAfter(HttpResponseMessage response) => response.Headers.RetryAfter switch
    {
        { Delta: { } delta } => delta,
        { Date: { } date } => date - clock.GetUtcNow() is var wait && wait > TimeSpan.Zero ? wait : TimeSpan.Zero,
        _ => null,
    };
}

using System.Diagnostics;
using System.Globalization;
using System.Net;
using DailyPapers.Community.Accounts;
using DailyPapers.Tests.Operations;

namespace DailyPapers.Bench;

/// <summary>
/// The voters of <c>bench/load.sh</c>: N readers signed in over HTTP as a browser would (the sign-in link read from the
/// nodes' mail pickup folder), then each voting back to back, up then remove, round the given papers, so that every
/// request writes, until the stop file appears. Prints one line of figures: votes answered, failures, rate, p50, p99.
/// With <c>--reader-cookie FILE</c>, first one more reader signs in and upvotes the first five papers (signals for a
/// personal ranking) and FILE receives its session cookie, for wrk's requests of <c>/for-you</c>.
/// </summary>
internal static class VotersLoad
{
    internal sealed record Options(Uri Url, string Pickup, int Count, string[] Papers, string ReadyFile, string StopFile, string? Certificate, string? ReaderCookie)
    {
        public static Options Parse(string[] args)
        {
            string? Optional(string name) => args.SkipWhile(a => a != name).Skip(1).FirstOrDefault();
            string Value(string name) => Optional(name) ?? throw new ArgumentException($"{name} is required");
            return new Options(new Uri(Value("--url")), Value("--pickup"), int.Parse(Value("--count"), CultureInfo.InvariantCulture),
                Value("--papers").Split(',', StringSplitOptions.RemoveEmptyEntries), Value("--ready"), Value("--stop"), Optional("--certificate"),
                Optional("--reader-cookie"));
        }
    }

    public static async Task<int> RunAsync(Options o)
    {
        if (o.ReaderCookie is not null)
        {
            await WriteReaderCookieAsync(o, o.ReaderCookie);
        }
        var clients = Enumerable.Range(0, o.Count).Select(_ => Client(o, new CookieContainer())).ToList();
        try
        {
            return await VoteAsync(o, clients);
        }
        finally
        {
            clients.ForEach(c => c.Dispose());
        }
    }

    private static async Task<int> VoteAsync(Options o, List<HttpClient> clients)
    {
        var readers = new List<SiteReader>();
        foreach (var (client, i) in clients.Select((c, i) => (c, i)))
        {
            readers.Add(await SiteReader.SignInAsync(client, $"bench-voter-{i}-{Guid.NewGuid():N}@example.org", o.Pickup));
        }
        await File.WriteAllTextAsync(o.ReadyFile, "");
        var clock = Stopwatch.StartNew();
        var results = await Task.WhenAll(readers.Select((r, n) => Task.Run(() => VoteUntilStoppedAsync(r, n, o))));
        var seconds = clock.Elapsed.TotalSeconds;
        var took = results.SelectMany(r => r.Took).Order().ToList();
        var failures = results.SelectMany(r => r.Failures).ToList();
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"voters={o.Count} votes={took.Count} failed={failures.Count} rate={took.Count / seconds:0.0} p50={Percentile(took, 0.50):0.0}ms p99={Percentile(took, 0.99):0.0}ms seconds={seconds:0}"));
        foreach (var failure in failures.GroupBy(f => f).OrderByDescending(g => g.Count()).Take(5))
        {
            Console.WriteLine($"  {failure.Count()} x {failure.Key}");
        }
        return failures.Count == 0 ? 0 : 1;
    }

    /// <summary>A reader with five upvotes, its session cookie written to <paramref name="file"/> as a Cookie header's value.</summary>
    private static async Task WriteReaderCookieAsync(Options o, string file)
    {
        var cookies = new CookieContainer();
        using var client = Client(o, cookies);
        var reader = await SiteReader.SignInAsync(client, $"bench-reader-{Guid.NewGuid():N}@example.org", o.Pickup);
        foreach (var paper in o.Papers.Take(5))
        {
            if (!(await reader.VoteAsync(paper)).Acknowledged)
            {
                throw new InvalidOperationException($"The /for-you reader's upvote of {paper} was refused");
            }
        }
        var session = cookies.GetCookies(o.Url)[AccountsExtensions.SessionCookieName]
            ?? throw new InvalidOperationException("The /for-you reader has no session cookie");
        await File.WriteAllTextAsync(file, $"{session.Name}={session.Value}");
    }

    private sealed record VoterResult(List<double> Took, List<string> Failures);

    private static async Task<VoterResult> VoteUntilStoppedAsync(SiteReader reader, int n, Options o)
    {
        var result = new VoterResult([], []);
        for (var round = 0; !File.Exists(o.StopFile); round++)
        {
            var paper = o.Papers[(round + n) % o.Papers.Length];
            var started = Stopwatch.GetTimestamp();
            try
            {
                var answer = await reader.VoteAsync(paper, up: round / o.Papers.Length % 2 == 0);
                if (answer.Acknowledged)
                {
                    result.Took.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
                }
                else
                {
                    result.Failures.Add($"HTTP {(int)answer.Status}");
                }
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
            {
                result.Failures.Add(e.GetType().Name + ": " + e.Message);
            }
        }
        return result;
    }

    [System.Diagnostics.CodeAnalysis.SuppressMessage("Reliability", "CA2000", Justification = "The client owns its handler and disposes it.")]
    private static HttpClient Client(Options o, CookieContainer cookies)
    {
        var handler = new SocketsHttpHandler { AllowAutoRedirect = false, UseCookies = true, CookieContainer = cookies };
        if (o.Certificate is not null)
        {
            // nginx in front of the bench's nodes has a throwaway certificate: that one, and only that one, is accepted.
            using var expected = System.Security.Cryptography.X509Certificates.X509Certificate2.CreateFromPem(File.ReadAllText(o.Certificate));
            var thumbprint = expected.Thumbprint;
            handler.SslOptions.RemoteCertificateValidationCallback = (_, presented, _, _) =>
                presented is not null && presented.GetCertHashString() == thumbprint;
        }
        return new HttpClient(handler) { BaseAddress = o.Url, Timeout = TimeSpan.FromSeconds(60) };
    }

    private static double Percentile(List<double> sorted, double p) =>
        sorted.Count == 0 ? double.NaN : sorted[Math.Min(sorted.Count - 1, (int)Math.Ceiling(p * sorted.Count) - 1)];
}

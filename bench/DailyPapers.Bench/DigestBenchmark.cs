using System.Diagnostics;
using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Text;
using Dapper;
using DailyPapers.Demo;
using DailyPapers.Digest;
using DailyPapers.Digest.Delivery;
using DailyPapers.Search.Sync;
using DailyPapers.Storage;
using DailyPapers.Tests.Mail;
using MailKit.Net.Smtp;
using MailKit.Security;
using Microsoft.Extensions.DependencyInjection;
using MimeKit;

namespace DailyPapers.Bench;

/// <summary>
/// Digest delivery, in one run against one local SMTP receiver (the SmtpServer library with NoDelay on accepted
/// sockets, counting without parsing, so it is not the bottleneck): (a) a raw MailKit loop sending N messages of
/// the digests' average size over one connection; (b) the digest job for N subscribers with mixed topics, as
/// <c>digest send</c> runs it: plan every digest into the outbox, then render and send each and record it.
/// </summary>
internal static class DigestBenchmark
{
    internal sealed record Options(int Subscribers, string? Postgres)
    {
        public static Options Parse(string[] args)
        {
            string? Value(string name) => args.SkipWhile(a => a != name).Skip(1).FirstOrDefault();
            return new Options(int.Parse(Value("--subscribers") ?? "10000", CultureInfo.InvariantCulture), Value("--postgres"));
        }
    }

    /// <summary>Saved searches the subscribers pick from (a quarter of them have none).</summary>
    private static readonly string[] Topics =
    [
        "diffusion", "language models", "cat:cs.CV", "reinforcement learning", "graph neural networks", "cat:cs.LG", "quantum",
        "robotics", "mean field", "transformer", "benchmark", "protein", "cat:stat.ML", "optimization", "video generation",
        "speech", "cat:cs.CL", "agents", "retrieval", "\"flow matching\"",
    ];

    public static async Task<int> RunAsync(Options o)
    {
        await using var receiver = await SmtpReceiver.StartAsync(keepMessages: false);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{o.Subscribers:N0} subscribers; {Environment.ProcessorCount} cores; receiver on 127.0.0.1:{receiver.Port}; load average {File.ReadAllText("/proc/loadavg").Trim()}"));

        // The digests of the demo list are ~30 KB; the raw loop runs before and after the job (both count: the
        // machine's speed drifts during a run), with messages of the digests' average size.
        await RawLoopAsync(receiver, 500, 30_000); // JIT and connection warm-up
        var rawBefore = await RawLoopAsync(receiver, o.Subscribers, 30_000);
        var sqlite = await DigestOnAsync(receiver, o, DatabaseProvider.Sqlite, null);
        var rawAfter = await RawLoopAsync(receiver, sqlite.Messages, (int)(sqlite.Bytes / Math.Max(1, sqlite.Messages)));
        var raw = new Result(rawBefore.Messages + rawAfter.Messages, rawBefore.Bytes + rawAfter.Bytes, rawBefore.Seconds + rawAfter.Seconds,
            rawBefore.CpuSeconds + rawAfter.CpuSeconds, string.Create(CultureInfo.InvariantCulture,
                $"before the job {rawBefore.Messages / rawBefore.Seconds:N0} msg/s, after it {rawAfter.Messages / rawAfter.Seconds:N0} msg/s"));
        var rows = new List<(string Name, Result R)> { ("(a) raw MailKit loop, one connection", raw), ("(b) digest job, SQLite", sqlite) };
        if (o.Postgres is not null)
        {
            Result? pg = null;
            await ImportBenchmark.WithScratchPostgresAsync(o.Postgres, async db => pg = await DigestOnAsync(receiver, o, DatabaseProvider.Postgres, db.Item2));
            rows.Add(("(c) digest job, PostgreSQL", pg!));
        }

        Console.WriteLine($"{"",-38} {"messages",9} {"avg KB",7} {"seconds",8} {"msg/s",8} {"CPU",5} {"vs (a)",7}");
        foreach (var (name, r) in rows)
        {
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{name,-38} {r.Messages,9:N0} {r.Bytes / 1024.0 / Math.Max(1, r.Messages),7:F1} {r.Seconds,8:F2} {r.Messages / r.Seconds,8:N0} {r.CpuSeconds / r.Seconds,5:F2} {raw.Seconds / r.Seconds * r.Messages / Math.Max(1, raw.Messages),7:F2}"));
            if (r.Detail is not null)
            {
                Console.WriteLine($"    {r.Detail}");
            }
        }
        Console.WriteLine("CPU = process CPU seconds per wall second, receiver included (2.00 = both cores busy); vs (a) = messages per second relative to (a) (goal for (b): >= 0.5).");
        Console.WriteLine($"load average at the end: {File.ReadAllText("/proc/loadavg").Trim()}");
        return 0;
    }

    private sealed record Result(int Messages, long Bytes, double Seconds, double CpuSeconds, string? Detail = null);

    [SuppressMessage("Reliability", "CA2000", Justification = "The SMTP client owns the socket once connected, as in SmtpMailSession.")]
    private static async Task<Result> RawLoopAsync(SmtpReceiver receiver, int count, int size)
    {
        var text = Filler(size / 3);
        var html = "<!DOCTYPE html><html><body><p>" + Filler(size * 2 / 3) + "</p></body></html>";
        var before = (receiver.Count, receiver.Bytes);
        var cpu0 = Process.GetCurrentProcess().TotalProcessorTime;
        var clock = Stopwatch.StartNew();
        using var client = new SmtpClient();
        // Nagle off, as the product's session does: otherwise each message waits ~40 ms for a delayed ACK.
        var socket = new System.Net.Sockets.Socket(System.Net.Sockets.SocketType.Stream, System.Net.Sockets.ProtocolType.Tcp) { NoDelay = true };
        await socket.ConnectAsync(receiver.Host, receiver.Port);
        await client.ConnectAsync(socket, receiver.Host, receiver.Port, SecureSocketOptions.None);
        for (var i = 0; i < count; i++)
        {
            using var message = new MimeMessage();
            message.From.Add(MailboxAddress.Parse("papers@example.org"));
            message.To.Add(MailboxAddress.Parse($"raw-{i}@example.org"));
            message.Subject = "DailyPapers: trending papers";
            message.Body = new BodyBuilder { TextBody = text, HtmlBody = html }.ToMessageBody();
            await client.SendAsync(message);
        }
        await client.DisconnectAsync(quit: true);
        return new Result(receiver.Count - before.Count, receiver.Bytes - before.Bytes, clock.Elapsed.TotalSeconds,
            (Process.GetCurrentProcess().TotalProcessorTime - cpu0).TotalSeconds);
    }

    private static async Task<Result> DigestOnAsync(SmtpReceiver receiver, Options o, DatabaseProvider provider, string? connectionString)
    {
        var dir = Directory.CreateTempSubdirectory("dailypapers-digest-bench-").FullName;
        try
        {
            var settings = new Dictionary<string, string?>(receiver.Settings)
            {
                ["Search:IndexPath"] = Path.Combine(dir, "index"),
                ["Site:BaseUrl"] = "https://papers.example.org",
            };
            var db = (provider, connectionString ?? $"Data Source={Path.Combine(dir, "bench.db")}");
            return await BenchServices.WithServicesAsync(db, services => RunJobAsync(services, receiver, o, provider), settings);
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    private static async Task<Result> RunJobAsync(IServiceProvider services, SmtpReceiver receiver, Options o, DatabaseProvider provider)
    {
        await services.GetRequiredService<DemoLoader>().LoadIfEmptyAsync();
        await AddSubscribersAsync(services.GetRequiredService<Database>(), o.Subscribers, provider.ToString().ToLowerInvariant());
        await services.GetRequiredService<SearchIndexSync>().SyncAsync(CancellationToken.None);

        var period = DigestPeriod.For(DigestFrequency.Daily, DemoContent.ListDate.AddDays(1))!;
        var before = (receiver.Count, receiver.Bytes, receiver.RepeatedRecipients);
        var planned = TimeSpan.Zero;
        var cpu0 = Process.GetCurrentProcess().TotalProcessorTime;
        var clock = Stopwatch.StartNew();
        var report = await services.GetRequiredService<DigestRunner>().RunAsync(period,
            new SyncProgress(p => planned = p.Phase == "building" ? clock.Elapsed : planned));
        var seconds = clock.Elapsed.TotalSeconds;
        var cpu = (Process.GetCurrentProcess().TotalProcessorTime - cpu0).TotalSeconds;
        var sent = receiver.Count - before.Count;
        if (report.Send.Sent != o.Subscribers || sent != o.Subscribers || receiver.RepeatedRecipients != before.RepeatedRecipients)
        {
            throw new InvalidOperationException($"Expected {o.Subscribers} digests, one per subscriber; the job reports {report}, the receiver {sent}.");
        }
        double avgItems;
        await using (var connection = await services.GetRequiredService<Database>().OpenAsync())
        {
            avgItems = await connection.ExecuteScalarAsync<double>("SELECT COUNT(*) FROM digest_sent") / o.Subscribers;
        }
        return new Result(sent, receiver.Bytes - before.Bytes, seconds, cpu, string.Create(CultureInfo.InvariantCulture,
            $"planning {planned.TotalSeconds:F2} s, then sending {seconds - planned.TotalSeconds:F2} s; {avgItems:F1} papers per digest"));
    }

    /// <summary>Addresses unique to the run (<paramref name="prefix"/>), so the receiver can tell a repeat from another run's mail.</summary>
    private static async Task AddSubscribersAsync(Database database, int count, string prefix)
    {
        var random = new Random(42);
        var now = DateTime.UtcNow;
        var rows = Enumerable.Range(0, count).Select(i =>
        {
            var topics = i % 4 == 0 ? "" : string.Join('\n', Topics.OrderBy(_ => random.Next()).Take(1 + random.Next(3)));
            var email = $"{prefix}-subscriber-{i}@example.org";
            return new { email, key = email, topics, now };
        }).ToList();
        await using var connection = await database.OpenAsync();
        await using var tx = await database.BeginWriteAsync(connection);
        await connection.ExecuteAsync(
            "INSERT INTO digest_subscriptions (email, email_key, frequency, topics, for_you, status, created_at, confirmed_at, updated_at) " +
            "VALUES (@email, @key, 'daily', @topics, @no, 'active', @now, @now, @now)", rows.Select(r => new { r.email, r.key, r.topics, no = false, r.now }), tx);
        await tx.CommitAsync();
    }

    private static string Filler(int length)
    {
        const string words = "attention diffusion models benchmark transformer reasoning graph protein dataset agents retrieval vision ";
        var sb = new StringBuilder(length + words.Length);
        while (sb.Length < length)
        {
            sb.Append(words);
        }
        return sb.ToString(0, length);
    }

    /// <summary>Reports on the caller's thread (Progress&lt;T&gt; would post to the thread pool, after the timing).</summary>
    private sealed class SyncProgress(Action<DigestProgress> report) : IProgress<DigestProgress>
    {
        public void Report(DigestProgress value) => report(value);
    }
}

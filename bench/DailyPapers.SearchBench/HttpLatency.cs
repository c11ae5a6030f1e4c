using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;
using Microsoft.Data.Sqlite;

namespace DailyPapers.SearchBench;

/// <summary>
/// A running node's search latency as a client sees it, one request at a time, every query asked once: queries cut
/// from papers drawn at random from the node's SQLite database (seeded), of two kinds: <c>title</c> (one to three
/// words in a row from a title: what people type, often ranked by its words alone) and <c>topic</c> (five to eight
/// words in a row from an abstract: a query no title holds, so it is embedded and fused). Prints p50/p90/p99 and,
/// with <c>--pid</c>, the node's CPU time per request (from /proc), which the machine's load inflates far less.
/// </summary>
internal static partial class HttpLatency
{
    public static async Task<int> RunAsync(string[] args)
    {
        string? Value(string name) => args.SkipWhile(a => a != name).Skip(1).FirstOrDefault();
        var url = (Value("--url") ?? "http://127.0.0.1:5080").TrimEnd('/');
        var database = Value("--database") ?? throw new ArgumentException("--database FILE (the node's SQLite file) is required");
        var count = int.Parse(Value("--queries") ?? "200", CultureInfo.InvariantCulture);
        var seed = int.Parse(Value("--seed") ?? "16", CultureInfo.InvariantCulture);
        var kinds = (Value("--kind") ?? "title,topic").Split(',', StringSplitOptions.RemoveEmptyEntries);
        var path = Value("--path") ?? "/api/papers/search?limit=20&q=";
        var pid = Value("--pid") is { } p ? int.Parse(p, CultureInfo.InvariantCulture) : (int?)null;

        var random = new Random(seed);
        var papers = await SampleAsync(database, (count + 20) * kinds.Length, random);
        Console.WriteLine($"{papers.Count} papers drawn from {database}; {url}{path}…; load {QuantisedRecall.Load()}");
        using var http = new HttpClient { Timeout = TimeSpan.FromMinutes(2) };
        var next = 0;
        foreach (var kind in kinds)
        {
            var queries = new List<string>();
            while (queries.Count < count + 10 && next < papers.Count)
            {
                var paper = papers[next++];
                if (Cut(kind, (paper.Title, paper.Abstract), random) is { } q)
                {
                    queries.Add(q);
                }
            }
            // The first ten warm the path (they are not timed); every query is asked once.
            foreach (var q in queries.Take(10))
            {
                await GetAsync(http, url + path + Uri.EscapeDataString(q));
            }
            var times = new List<double>();
            var failed = 0;
            var cpuBefore = ProcessCpu(pid);
            foreach (var q in queries.Skip(10))
            {
                var start = Stopwatch.GetTimestamp();
                failed += await GetAsync(http, url + path + Uri.EscapeDataString(q)) ? 0 : 1;
                times.Add(Stopwatch.GetElapsedTime(start).TotalMilliseconds);
            }
            var cpu = pid is null ? "" : $", node CPU {(ProcessCpu(pid) - cpuBefore) * 1000 / Math.Max(1, times.Count):F1} ms a request";
            times.Sort();
            Console.WriteLine(FormattableString.Invariant(
                $"{kind,-6} {times.Count} queries: p50 {Pct(times, 0.5):F1} ms, p90 {Pct(times, 0.9):F1} ms, p99 {Pct(times, 0.99):F1} ms, max {times[^1]:F1} ms{cpu}; {failed} not 2xx; load {QuantisedRecall.Load()}"));
            Console.WriteLine($"       e.g. {string.Join(" | ", queries.Skip(10).Take(3))}");
        }
        return 0;
    }

    private static async Task<bool> GetAsync(HttpClient http, string address)
    {
        using var response = await http.GetAsync(new Uri(address));
        await response.Content.ReadAsByteArrayAsync();
        return response.IsSuccessStatusCode;
    }

    /// <summary>Id, title and abstract of papers at random rowids (read-only).</summary>
    internal static async Task<List<(string Id, string Title, string Abstract)>> SampleAsync(string file, int count, Random random)
    {
        await using var connection = new SqliteConnection($"Data Source={file};Mode=ReadOnly");
        await connection.OpenAsync();
        await using var max = connection.CreateCommand();
        max.CommandText = "SELECT max(rowid) FROM papers";
        var top = Convert.ToInt64(await max.ExecuteScalarAsync(), CultureInfo.InvariantCulture);
        var found = new List<(string, string, string)>(count);
        await using var read = connection.CreateCommand();
        read.CommandText = "SELECT arxiv_id, title, abstract FROM papers WHERE rowid = $r AND hidden = 0";
        var parameter = read.Parameters.Add("$r", SqliteType.Integer);
        for (var tries = 0; found.Count < count && tries < count * 10; tries++)
        {
            parameter.Value = random.NextInt64(1, top + 1);
            await using var row = await read.ExecuteReaderAsync();
            if (await row.ReadAsync())
            {
                found.Add((row.GetString(0), row.GetString(1), row.GetString(2)));
            }
        }
        return found;
    }

    internal static string? Cut(string kind, (string Title, string Abstract) paper, Random random)
    {
        if (kind == "known")
        {
            // A whole title, typed out: a known item.
            return paper.Title.Length > 0 ? string.Join(' ', Word().Matches(paper.Title).Select(m => m.Value)).ToLowerInvariant() : null;
        }
        var (text, min, max) = kind switch
        {
            "title" => (paper.Title, 1, 3),
            "topic" => (paper.Abstract, 5, 8),
            _ => throw new ArgumentException($"--kind {kind}: title, topic or known"),
        };
        var words = Word().Matches(text).Select(m => m.Value).Where(w => w.Length > 2).ToArray();
        var length = random.Next(min, max + 1);
        if (words.Length < length)
        {
            return null;
        }
        var from = random.Next(0, words.Length - length + 1);
        return string.Join(' ', words.AsSpan(from, length).ToArray()).ToLowerInvariant();
    }

    private static double ProcessCpu(int? pid)
    {
        if (pid is null)
        {
            return 0;
        }
        var fields = File.ReadAllText($"/proc/{pid}/stat").Split(')')[1].Split(' ', StringSplitOptions.RemoveEmptyEntries);
        // utime and stime are fields 14 and 15 of stat (11 and 12 after the command's closing parenthesis).
        return (double.Parse(fields[11], CultureInfo.InvariantCulture) + double.Parse(fields[12], CultureInfo.InvariantCulture)) / 100.0;
    }

    private static double Pct(List<double> sorted, double p) => sorted[Math.Min(sorted.Count - 1, (int)Math.Ceiling(p * sorted.Count) - 1)];

    [GeneratedRegex(@"[\p{L}\p{N}][\p{L}\p{N}'-]*")]
    private static partial Regex Word();
}

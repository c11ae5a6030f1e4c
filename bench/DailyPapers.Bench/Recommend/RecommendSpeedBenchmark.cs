using System.Diagnostics;
using System.Globalization;
using Dapper;
using DailyPapers.Papers;
using DailyPapers.Recommendations;
using DailyPapers.Recommendations.Model;
using DailyPapers.Search;
using DailyPapers.Storage;
using Microsoft.Extensions.DependencyInjection;

namespace DailyPapers.Bench.Recommend;

/// <summary>
/// <c>recommend-speed</c>: one announcement day's new papers ranked for many readers, as the digest and curation do
/// it (<c>Recommender.CandidatesAsync</c> once, then <c>RankForReadersAsync</c>), on a real SQLite file holding
/// the arxiv-daily papers, their vectors in the vector index, and readers whose saved papers are real authors'
/// papers. Against, in the same run, the time just to read what the rankings read: each reader's signals and the
/// vectors of their papers and of the candidates.
/// </summary>
internal static class RecommendSpeedBenchmark
{
    internal sealed record Options(string Data, string Vectors, int Readers, int Candidates, int Limit, int Seed)
    {
        public static Options Parse(string[] args)
        {
            string? Value(string name) => EmbedArxivDaily.Arg(args, name);
            return new Options(Value("--data") ?? ArxivDaily.DefaultFolder, Value("--vectors") ?? PaperVectorFile.DefaultPath,
                int.Parse(Value("--readers") ?? "10000", CultureInfo.InvariantCulture),
                int.Parse(Value("--candidates") ?? "600", CultureInfo.InvariantCulture),
                int.Parse(Value("--limit") ?? "50", CultureInfo.InvariantCulture),
                int.Parse(Value("--seed") ?? "7", CultureInfo.InvariantCulture));
        }
    }

    public static async Task<int> RunAsync(Options o)
    {
        var papers = ArxivDaily.Load(o.Data);
        var vectors = new PaperVectorFile(o.Vectors, 384).Read();
        papers = papers.Where(p => vectors.ContainsKey(p.Id)).ToList();
        var dir = Directory.CreateTempSubdirectory("dailypapers-recommend-bench-").FullName;
        try
        {
            var db = (DatabaseProvider.Sqlite, $"Data Source={Path.Combine(dir, "bench.db")}");
            var settings = new Dictionary<string, string?> { ["Search:IndexPath"] = Path.Combine(dir, "index") };
            return await BenchServices.WithServicesAsync(db, services => MeasureAsync(services, papers, vectors, o), settings);
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    private static async Task<int> MeasureAsync(IServiceProvider services, List<ArxivDailyPaper> papers, Dictionary<string, float[]> vectors, Options o)
    {
        var clock = Stopwatch.StartNew();
        await services.GetRequiredService<PaperStore>().UpsertBatchAsync(papers.Select(ToPaper).ToList());
        var index = services.GetRequiredService<SearchIndexes>().Vectors;
        foreach (var p in papers)
        {
            index.Upsert(p.Id, vectors[p.Id], p.Day.DayNumber, [.. p.Categories], visible: true);
        }
        // The candidates: the last announcement day's papers, topped up from the day before to the wanted count.
        var candidates = papers.OrderByDescending(p => p.Day).ThenBy(p => p.Id, StringComparer.Ordinal).Take(o.Candidates).Select(p => p.Id).ToList();
        var firstCandidateDay = papers.Where(p => candidates.Contains(p.Id)).Min(p => p.Day);
        var readers = await AddReadersAsync(services.GetRequiredService<Database>(), papers.Where(p => p.Day < firstCandidateDay).ToList(), o);
        var setUp = clock.Elapsed;
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{papers.Count:N0} papers with vectors in SQLite and the vector index, {readers.Count:N0} readers with {readers.Signals:N0} saved papers " +
            $"({(double)readers.Signals / readers.Count:F1} each), {candidates.Count} candidates; set up in {setUp.TotalSeconds:F0} s; " +
            $"{Environment.ProcessorCount} cores, load average {File.ReadAllText("/proc/loadavg").Trim()}"));

        var recommender = services.GetRequiredService<Recommender>();
        var signals = services.GetRequiredService<ReaderSignals>();
        await ReadAsync(signals, index, readers.Ids.Take(500).ToList(), candidates); // warm-up: JIT, connection pool, page cache
        await RankAsync(recommender, readers.Ids.Take(500).ToList(), candidates, o.Limit);
        var rows = new List<(string Name, double Seconds, double Cpu)>();
        for (var run = 0; run < 2; run++)
        {
            var (seconds, cpu) = await TimeAsync(() => ReadAsync(signals, index, readers.Ids, candidates));
            rows.Add(("(a) read signals and vectors", seconds, cpu));
            (seconds, cpu) = await TimeAsync(() => RankAsync(recommender, readers.Ids, candidates, o.Limit));
            rows.Add(($"(b) rank {candidates.Count} papers for each (Recommender, top {o.Limit})", seconds, cpu));
        }
        var read = rows.Where(r => r.Name.StartsWith("(a)", StringComparison.Ordinal)).Min(r => r.Seconds);
        var readCpu = rows.Where(r => r.Name.StartsWith("(a)", StringComparison.Ordinal)).Min(r => r.Cpu);
        Console.WriteLine($"| | seconds | readers/s | vs (a) | CPU seconds | CPU vs (a) |");
        Console.WriteLine($"|---|---|---|---|---|---|");
        foreach (var (name, seconds, cpu) in rows)
        {
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"| {name} | {seconds:F2} | {readers.Count / seconds:N0} | {seconds / read:F2} | {cpu:F2} | {cpu / readCpu:F2} |"));
        }
        await StepsAsync(services, readers.Ids, candidates, o.Limit);
        Console.WriteLine("CPU seconds: the process's, both cores together (they move less than wall time when other work shares the cores).");
        Console.WriteLine($"load average at the end: {File.ReadAllText("/proc/loadavg").Trim()}");
        return 0;
    }

    /// <summary>
    /// Where (b)'s time goes, step by step as <c>Recommender</c> takes them: the readers' signals, the facts (title,
    /// abstract, authors) of their papers, their vectors, the papers' words, the readers' models, the rankings.
    /// </summary>
    private static async Task StepsAsync(IServiceProvider services, IReadOnlyList<long> readers, List<string> candidates, int limit)
    {
        var index = services.GetRequiredService<SearchIndexes>().Vectors;
        var set = await services.GetRequiredService<Recommender>().CandidatesAsync(candidates);
        var signals = new Dictionary<long, IReadOnlyList<ReaderSignal>>();
        var steps = new List<(string Name, double Seconds, double Cpu)>();
        async Task Step(string name, Func<Task> work)
        {
            var (seconds, cpu) = await TimeAsync(work);
            steps.Add((name, seconds, cpu));
        }
        await Step("signals", async () =>
        {
            foreach (var chunk in readers.Chunk(1_000))
            {
                foreach (var (id, list) in await services.GetRequiredService<ReaderSignals>().ForReadersAsync(chunk))
                {
                    signals[id] = list;
                }
            }
        });
        var ids = signals.Values.SelectMany(v => v).Select(x => x.ArxivId).Distinct(StringComparer.Ordinal).ToList();
        IReadOnlyDictionary<string, PaperFacts> facts = new Dictionary<string, PaperFacts>();
        await Step($"facts of {ids.Count:N0} papers", async () => facts = await services.GetRequiredService<PaperFactsReader>().ReadAsync(ids));
        var papers = new Dictionary<string, ModelPaper>(StringComparer.Ordinal);
        await Step("vectors", () =>
        {
            foreach (var f in facts.Values)
            {
                papers[f.ArxivId] = new ModelPaper(f, index.GetVector(f.ArxivId));
            }
            return Task.CompletedTask;
        });
        await Step("words", () => Task.Run(() => Parallel.ForEach(papers.Values, p => _ = p.Terms)));
        var models = new ReaderModel[readers.Count];
        await Step("models", () => Task.Run(() => Parallel.For(0, readers.Count, i =>
            models[i] = ReaderModel.Build(signals.GetValueOrDefault(readers[i]) ?? [], papers, set.Space))));
        await Step("rankings", () => Task.Run(() => Parallel.For(0, readers.Count, i => models[i].Rank(set, limit))));
        Console.WriteLine("where (b) goes: " + string.Join(", ", steps.Select(s => string.Create(CultureInfo.InvariantCulture, $"{s.Name} {s.Seconds:F2} s ({s.Cpu:F2} CPU s)"))));
    }

    private static async Task<(double Seconds, double Cpu)> TimeAsync(Func<Task> work)
    {
        var cpu = Process.GetCurrentProcess().TotalProcessorTime;
        var clock = Stopwatch.StartNew();
        await work();
        return (clock.Elapsed.TotalSeconds, (Process.GetCurrentProcess().TotalProcessorTime - cpu).TotalSeconds);
    }

    /// <summary>What any ranking must read: every reader's signals, their papers' vectors, the candidates' vectors.</summary>
    private static async Task ReadAsync(ReaderSignals signals, Search.Semantic.VectorIndex index, IReadOnlyList<long> readers, List<string> candidates)
    {
        var read = 0L;
        foreach (var id in candidates)
        {
            read += index.GetVector(id)?.Length ?? 0;
        }
        foreach (var chunk in readers.Chunk(1_000))
        {
            foreach (var (_, list) in await signals.ForReadersAsync(chunk))
            {
                foreach (var s in list)
                {
                    read += index.GetVector(s.ArxivId)?.Length ?? 0;
                }
            }
        }
        if (read == 0)
        {
            throw new InvalidOperationException("No vectors read.");
        }
    }

    private static async Task RankAsync(Recommender recommender, IReadOnlyList<long> readers, List<string> candidates, int limit)
    {
        var set = await recommender.CandidatesAsync(candidates);
        var ranked = await recommender.RankForReadersAsync(set, readers, limit);
        if (ranked.Count != readers.Count || ranked.Values.Any(r => r.Count != Math.Min(limit, candidates.Count)))
        {
            throw new InvalidOperationException($"Expected {readers.Count} rankings of {limit} papers.");
        }
    }

    private sealed record ReaderSet(IReadOnlyList<long> Ids, int Signals)
    {
        public int Count => Ids.Count;
    }

    /// <summary>
    /// Readers modelled on real authors: each saves the papers (before the candidates' day) of an author with at
    /// least 3 of them, at most 50, drawn with repetition among such authors.
    /// </summary>
    private static async Task<ReaderSet> AddReadersAsync(Database database, List<ArxivDailyPaper> papers, Options o)
    {
        var authors = papers.SelectMany(p => p.Authors.Distinct(StringComparer.Ordinal).Select(a => (Author: a, p.Id)))
            .GroupBy(x => x.Author, StringComparer.Ordinal).Where(g => g.Count() >= 3).Select(g => g.Select(x => x.Id).Take(50).ToArray()).ToList();
        var random = new Random(o.Seed);
        var now = DateTime.UtcNow;
        await using var connection = await database.OpenAsync();
        await using var tx = await database.BeginWriteAsync(connection);
        var ids = new List<long>();
        var signals = 0;
        for (var i = 0; i < o.Readers; i++)
        {
            var user = await connection.ExecuteScalarAsync<long>(
                "INSERT INTO users (handle, display_name, email, created_at) VALUES (@h, @h, @e, @now) RETURNING id",
                new { h = $"reader-{i}", e = $"reader-{i}@example.org", now }, tx);
            var collection = await connection.ExecuteScalarAsync<long>(
                "INSERT INTO collections (user_id, name, is_public, created_at) VALUES (@user, 'Saved', @no, @now) RETURNING id",
                new { user, no = false, now }, tx);
            var saved = authors[random.Next(authors.Count)];
            await connection.ExecuteAsync("INSERT INTO collection_items (collection_id, arxiv_id, added_at) VALUES (@collection, @id, @now)",
                saved.Select(id => new { collection, id, now }), tx);
            ids.Add(user);
            signals += saved.Length;
        }
        await tx.CommitAsync();
        return new ReaderSet(ids, signals);
    }

    private static Paper ToPaper(ArxivDailyPaper p)
    {
        var published = p.Day.ToDateTime(new TimeOnly(20, 0), DateTimeKind.Utc);
        return new Paper
        {
            ArxivId = p.Id,
            Title = p.Title,
            Abstract = p.Abstract,
            Authors = p.Authors.Select(a => new PaperAuthor(a)).ToList(),
            Versions = [new PaperVersion(1, published)],
            PrimaryCategory = p.Categories.Count > 0 ? p.Categories[0] : null,
            Categories = p.Categories,
            PublishedAt = published,
            UpdatedAt = published,
            Source = "bench",
        };
    }
}

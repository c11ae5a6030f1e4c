using System.Globalization;
using System.Numerics.Tensors;
using DailyPapers.Papers;
using DailyPapers.Search.Eval;
using DailyPapers.Search.Semantic;
using DailyPapers.Startup;
using DailyPapers.Storage;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace DailyPapers.SearchBench;

/// <summary>
/// Fills a site database (SQLite, migrated and holding the demo) up to a catalogue size for the search page
/// benchmark: the real arXiv papers of <c>../shared/data/arxiv-daily/</c> (57,583) with their real MiniLM vectors
/// from a vector file made earlier (float32 × 384 per row, ids one a line), then copies of them under new ids
/// (sentences rotated, a sentence of another paper borrowed) with their source's vector plus Gaussian noise
/// (σ 0.02, renormalised, as the speed benchmark does), so the site starts with every paper embedded instead of
/// embedding 100,000 abstracts (hours on these cores).
/// </summary>
internal static class SearchCatalogue
{
    private const int Batch = 1_000;

    public static async Task<int> Run(string[] args)
    {
        string? Value(string name) => Array.IndexOf(args, name) is var i and >= 0 && i + 1 < args.Length ? args[i + 1] : null;
        if (args.Length == 0 || args[0].StartsWith("--", StringComparison.Ordinal) || Value("--vectors") is not { } vectorFile)
        {
            Console.Error.WriteLine("usage: DailyPapers.SearchBench catalogue DATABASE_FILE --vectors FILE_WITHOUT_EXTENSION [--size 100000] [--data ../shared/data] [--seed 17]");
            return 2;
        }
        var size = int.Parse(Value("--size") ?? "100000", CultureInfo.InvariantCulture);
        var data = Value("--data") ?? "../shared/data";
        var seed = int.Parse(Value("--seed") ?? "17", CultureInfo.InvariantCulture);
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Database:Provider"] = nameof(DatabaseProvider.Sqlite),
            ["ConnectionStrings:Database"] = $"Data Source={args[0]}",
        }).Build();
        await using var services = new ServiceCollection()
            .AddSingleton<IConfiguration>(configuration)
            .AddLogging()
            .AddDailyPapersCore(configuration)
            .BuildServiceProvider();
        await services.GetRequiredService<MigrationRunner>().MigrateAsync();
        var papers = services.GetRequiredService<PaperStore>();
        var embeddings = services.GetRequiredService<EmbeddingStore>();

        var vectors = VectorFile.Read(vectorFile, EmbeddingModel.MiniLM.Dimensions);
        var real = ArxivDailyFolder.Read(Path.Combine(data, "arxiv-daily"), null, 0).Corpus.Where(d => vectors.ContainsKey(d.Id)).ToList();
        var have = await papers.CountAsync();
        var wanted = Math.Max(0, size - have);
        Console.WriteLine($"{have:N0} papers stored; adding {wanted:N0} ({Math.Min(wanted, real.Count):N0} real arXiv papers with their vectors, the rest copies)");
        var random = new Random(seed);
        var added = new List<(Paper Paper, float[] Vector)>(wanted);
        for (var i = 0; i < wanted; i++)
        {
            var source = real[i % real.Count];
            var copy = i >= real.Count;
            added.Add((ToPaper(source, copy ? CopyId(i - real.Count) : source.Id, copy ? Vary(source.Text, real, random) : source.Text),
                copy ? Noisy(vectors[source.Id], random) : vectors[source.Id]));
        }
        var model = EmbeddingModel.MiniLM.Name;
        foreach (var chunk in added.Chunk(Batch))
        {
            await papers.UpsertBatchAsync(chunk.Select(c => c.Paper).ToList());
        }
        // Stored with the content hash the papers got, as the embedding job stores them.
        var byId = added.ToDictionary(a => a.Paper.ArxivId, a => a.Vector, StringComparer.Ordinal);
        var saved = 0;
        while (true)
        {
            var pending = (await embeddings.PendingAsync(model, 5 * Batch)).Where(p => byId.ContainsKey(p.ArxivId)).ToList();
            if (pending.Count == 0)
            {
                break;
            }
            await embeddings.SaveAsync(model, pending.Select(p => (p, byId[p.ArxivId])).ToList());
            saved += pending.Count;
        }
        Console.WriteLine($"{await papers.CountAsync():N0} papers, {saved:N0} vectors added in {args[0]}");
        return 0;
    }

    private static Paper ToPaper(BeirDocument d, string id, string text)
    {
        var day = DateOnly.FromDayNumber(d.PublishedDay == 0 ? new DateOnly(2025, 7, 1).DayNumber : d.PublishedDay).ToDateTime(new TimeOnly(0, 0), DateTimeKind.Utc);
        return new Paper
        {
            ArxivId = id,
            Title = d.Title,
            Abstract = text,
            Authors = d.Authors.Select(a => new PaperAuthor(a, null)).ToList(),
            Versions = [new PaperVersion(1, day, null)],
            PrimaryCategory = d.Categories.Count > 0 ? d.Categories[0] : null,
            Categories = d.Categories.ToArray(),
            PublishedAt = day,
            UpdatedAt = day,
            Source = "bench",
        };
    }

    /// <summary>New-style ids in months no real paper has (9901–9912), as the import benchmark's generator.</summary>
    private static string CopyId(int n) =>
        string.Create(CultureInfo.InvariantCulture, $"99{(n / 99_999) + 1:00}.{(n % 99_999) + 1:00000}");

    private static string Vary(string text, List<BeirDocument> all, Random random)
    {
        var sentences = text.Split(". ", StringSplitOptions.RemoveEmptyEntries);
        var rotate = random.Next(sentences.Length);
        var borrowed = all[random.Next(all.Count)].Text.Split(". ", StringSplitOptions.RemoveEmptyEntries);
        return string.Join(". ", sentences.Skip(rotate).Concat(sentences.Take(rotate)).Append(borrowed[random.Next(borrowed.Length)]));
    }

    private static float[] Noisy(float[] source, Random random)
    {
        var v = source.ToArray();
        for (var d = 0; d < v.Length; d++)
        {
            v[d] += (float)(Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble()) * 0.02);
        }
        TensorPrimitives.Divide(v, TensorPrimitives.Norm(v), v);
        return v;
    }
}

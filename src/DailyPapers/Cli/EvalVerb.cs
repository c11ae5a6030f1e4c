using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using DailyPapers.Search;
using DailyPapers.Search.Eval;
using DailyPapers.Search.Semantic;
using Microsoft.Extensions.Logging.Console;
using Microsoft.Extensions.Options;
using static DailyPapers.Cli.Verbs;

namespace DailyPapers.Cli;

internal static class EvalVerb
{
    internal static Command EvalCommand()
    {
        var command = new Command("eval",
            "Measure search quality on a BEIR-layout folder (corpus.jsonl, queries.jsonl, qrels/SPLIT.tsv: nDCG@10, recall@100 and MRR@10) " +
            "or a folder of arXiv records (*.jsonl), with query sets generated from the corpus's own titles, authors and ids " +
            "(success@1, success@10, MRR@10 on train and test halves); keyword, vector and hybrid ranking, computed in a scratch index.");
        var folder = new Argument<DirectoryInfo>("FOLDER") { Description = "A BEIR folder (../shared/data/scifact) or a folder of arXiv records (../shared/data/arxiv-daily)." };
        var split = new Option<string>("--split") { Description = "Which judgements to use: qrels/SPLIT.tsv (BEIR folders).", DefaultValueFactory = _ => "test" };
        split.AcceptOnlyFromAmong("train", "test", "dev");
        var json = new Option<bool>("--json") { Description = "Print one JSON object {\"keyword\": {...}, \"vector\": {...}, \"hybrid\": {...}, \"sets\": [...]} on stdout." };
        var model = new Option<string?>("--model") { Description = "Embedding model (MiniLM or ArcticXs); default Search:Model." };
        var cache = new Option<DirectoryInfo>("--cache")
        {
            Description = "Where corpus embeddings are cached (by model and corpus hash).",
            DefaultValueFactory = _ => new DirectoryInfo("data/eval-cache"),
        };
        var queries = new Option<int>("--queries") { Description = "Generated queries per set (split into train and test halves); 0 for none.", DefaultValueFactory = _ => 1000 };
        var seed = new Option<int>("--seed") { Description = "Seed of the generated sets and of the sample.", DefaultValueFactory = _ => 17 };
        var sample = new Option<int?>("--sample") { Description = "For a folder of arXiv records: evaluate on this many papers drawn with the seed (default: all)." };
        var precision = new Option<VectorPrecision?>("--precision")
        {
            Description = "Search the vectors through an HNSW graph holding them at F32, F16 or I8 (re-scored in float32), as a node does; default: exact search.",
        };
        var vectorFile = new Option<string?>("--vectors")
        {
            Description = "Document vectors of the model computed elsewhere: FILE.f32 (float32 rows) and FILE.ids (one id a line); documents they cover are not embedded.",
        };
        foreach (var option in new Option[] { split, json, model, cache, queries, seed, sample, precision, vectorFile })
        {
            command.Options.Add(option);
        }
        command.Arguments.Add(folder);
        command.SetAction((parse, ct) => RunAsync((services, ct) => EvalAsync(
            services, new EvalArguments(parse.GetValue(folder)!, parse.GetValue(split)!, parse.GetValue(json), parse.GetValue(model), parse.GetValue(cache)!,
                parse.GetValue(queries), parse.GetValue(seed), parse.GetValue(sample), parse.GetValue(precision), parse.GetValue(vectorFile)),
            Console.Out, Console.Error, ct), ct));
        return command;
    }

    internal sealed record EvalArguments(
        DirectoryInfo Folder, string Split, bool Json = false, string? Model = null, DirectoryInfo? Cache = null, int Queries = 1000, int Seed = 17, int? Sample = null,
        VectorPrecision? Precision = null, string? VectorFile = null);

    internal static Task<int> EvalAsync(IServiceProvider services, EvalArguments args, TextWriter output, TextWriter error, CancellationToken ct)
    {
        var folder = args.Folder;
        var isArxiv = ArxivDailyFolder.Matches(folder.FullName);
        if (!isArxiv && (!File.Exists(Path.Combine(folder.FullName, "corpus.jsonl")) || !File.Exists(Path.Combine(folder.FullName, "queries.jsonl"))))
        {
            error.WriteLine($"error: {folder.FullName} is neither a BEIR folder (corpus.jsonl, queries.jsonl and qrels/{args.Split}.tsv) nor a folder of arXiv records (*.jsonl).");
            return Task.FromResult(2);
        }
        if (!isArxiv && !File.Exists(BeirFolder.QrelsPath(folder.FullName, args.Split)))
        {
            var splits = Directory.Exists(Path.Combine(folder.FullName, "qrels"))
                ? Directory.GetFiles(Path.Combine(folder.FullName, "qrels"), "*.tsv").Select(Path.GetFileNameWithoutExtension).Order().ToList()
                : [];
            error.WriteLine($"error: {folder.FullName} has no {args.Split} split (no qrels/{args.Split}.tsv); " +
                (splits.Count == 0 ? "it has no judgements at all." : $"it has: {string.Join(", ", splits)}. Try --split {splits[0]}."));
            return Task.FromResult(2);
        }
        var options = services.GetRequiredService<IOptions<SearchOptions>>().Value;
        if (!EmbeddingModel.TryFind(args.Model ?? options.Model, out var model))
        {
            error.WriteLine($"error: unknown model '{args.Model ?? options.Model}': use {string.Join(" or ", EmbeddingModel.All.Select(m => m.Name))}.");
            return Task.FromResult(2);
        }
        if (args.Queries < 0 || args.Sample is <= 0)
        {
            error.WriteLine("error: --queries must be 0 or more and --sample more than 0.");
            return Task.FromResult(2);
        }
        // Progress goes to stderr, so that stdout holds only the figures (or the JSON object).
        using var logs = LoggerFactory.Create(b => b
            .AddSimpleConsole(o => o.SingleLine = true)
            .AddFilter(level => level >= LogLevel.Information)
            .Services.Configure<ConsoleLoggerOptions>(o => o.LogToStandardErrorThreshold = LogLevel.Trace));
        var logger = logs.CreateLogger("eval");

        BeirFolder? beir = null;
        IReadOnlyList<BeirDocument> corpus;
        string corpusKey;
        Dictionary<string, float[]>? known = null;
        try
        {
            if (args.VectorFile is { } file)
            {
                known = VectorFile.Read(file, model.Dimensions);
            }
            if (isArxiv)
            {
                (corpus, corpusKey) = ArxivDailyFolder.Read(folder.FullName, args.Sample, args.Seed);
            }
            else
            {
                beir = BeirFolder.Read(folder.FullName, args.Split);
                (corpus, corpusKey) = (beir.Corpus, beir.CorpusKey);
            }
        }
        catch (EvalDataException e)
        {
            error.WriteLine($"error: {e.Message}");
            return Task.FromResult(2);
        }
        var sets = args.Queries == 0 ? [] : QuerySets.Generate(corpus, args.Queries, args.Seed);
        logger.LogInformation("{Folder}: {Documents} documents, {Queries} judged queries, {Sets} generated sets of up to {Count} queries (seed {Seed})",
            folder.Name, corpus.Count, beir?.Queries.Count ?? 0, sets.Count, args.Queries, args.Seed);
        var embedder = new TextEmbedder(model);
        var vectors = new CorpusEmbeddingCache((args.Cache ?? new DirectoryInfo("data/eval-cache")).FullName, logger).Load(embedder, corpusKey, corpus, ct, known);
        using var evaluation = SearchEvaluation.Build(corpus, embedder, vectors, new SearchEvaluation.Knobs { Graph = args.Precision });
        var runs = EvaluationRuns.Run(evaluation, beir, sets);
        var report = runs.Report(options.Fusion);
        if (args.Json)
        {
            output.WriteLine(JsonSerializer.Serialize(report));
            return Task.FromResult(0);
        }
        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{folder.Name}{(isArxiv ? "" : $" ({args.Split})")}: {corpus.Count} documents{(args.Sample is { } n && isArxiv ? $" (sample of {n}, seed {args.Seed})" : "")}; " +
            $"model {model.Name}; vectors {(args.Precision is { } p ? $"HNSW {p}" : "exact")}; fusion {options.Fusion.Method} (vector weight {options.Fusion.VectorWeight:0.##}, depth {options.Fusion.Depth})"));
        if (report.Keyword is not null)
        {
            output.WriteLine($"judged queries: {runs.JudgedCount}");
            output.WriteLine($"{"method",-8} {"nDCG@10",8} {"recall@100",11} {"MRR@10",8}");
            foreach (var (name, scores) in new[] { ("keyword", report.Keyword), ("vector", report.Vector!), ("hybrid", report.Hybrid!) })
            {
                output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{name,-8} {scores.Ndcg10,8:0.0000} {scores.Recall100,11:0.0000} {scores.Mrr10,8:0.0000}"));
            }
        }
        if (report.Sets.Count > 0)
        {
            output.WriteLine($"generated sets (seed {args.Seed}):");
            output.WriteLine($"{"set",-14} {"half",-5} {"queries",7}  {"method",-8} {"success@1",9} {"success@10",10} {"MRR@10",8}");
            foreach (var s in report.Sets)
            {
                foreach (var (name, scores) in new[] { ("keyword", s.Keyword), ("vector", s.Vector), ("hybrid", s.Hybrid) })
                {
                    output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{s.Set,-14} {s.Half,-5} {s.Queries,7}  {name,-8} {scores.Success1,9:0.0000} {scores.Success10,10:0.0000} {scores.Mrr10,8:0.0000}"));
                }
            }
        }
        return Task.FromResult(0);
    }
}

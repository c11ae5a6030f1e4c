using System.CommandLine;
using System.Text.Json;
using DailyPapers.Search;
using DailyPapers.Search.Eval;
using DailyPapers.Search.Semantic;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Console;
using Microsoft.Extensions.Options;
using static DailyPapers.Cli.Verbs;

namespace DailyPapers.Cli;

internal static class EvalVerb
{
    internal static Command EvalCommand()
    {
        var command = new Command("eval",
            "Measure search quality on a BEIR-layout folder (corpus.jsonl, queries.jsonl, qrels/SPLIT.tsv): nDCG@10, recall@100 and MRR@10 " +
            "of keyword, vector and hybrid ranking, computed in a scratch index.");
        var folder = new Argument<DirectoryInfo>("FOLDER") { Description = "The BEIR folder, e.g. ../shared/data/scifact." };
        var split = new Option<string>("--split") { Description = "Which judgements to use: qrels/SPLIT.tsv.", DefaultValueFactory = _ => "test" };
        split.AcceptOnlyFromAmong("train", "test", "dev");
        var json = new Option<bool>("--json") { Description = "Print one JSON object {\"keyword\": {...}, \"vector\": {...}, \"hybrid\": {...}} on stdout." };
        var model = new Option<string?>("--model") { Description = "Embedding model (MiniLM or ArcticXs); default Search:Model." };
        var cache = new Option<DirectoryInfo>("--cache")
        {
            Description = "Where corpus embeddings are cached (by model and corpus hash).",
            DefaultValueFactory = _ => new DirectoryInfo("data/eval-cache"),
        };
        command.Arguments.Add(folder);
        command.Options.Add(split);
        command.Options.Add(json);
        command.Options.Add(model);
        command.Options.Add(cache);
        command.SetAction((parse, ct) => RunAsync((services, ct) => EvalAsync(
            services, parse.GetValue(folder)!, parse.GetValue(split)!, parse.GetValue(json), parse.GetValue(model),
            parse.GetValue(cache)!, Console.Out, Console.Error, ct), ct));
        return command;
    }

    internal static Task<int> EvalAsync(
        IServiceProvider services, DirectoryInfo folder, string split, bool json, string? modelName, DirectoryInfo cache,
        TextWriter output, TextWriter error, CancellationToken ct)
    {
        if (!File.Exists(Path.Combine(folder.FullName, "corpus.jsonl")) || !File.Exists(Path.Combine(folder.FullName, "queries.jsonl")))
        {
            error.WriteLine($"error: {folder.FullName} is not a BEIR folder: it needs corpus.jsonl, queries.jsonl and qrels/{split}.tsv.");
            return Task.FromResult(2);
        }
        if (!File.Exists(BeirFolder.QrelsPath(folder.FullName, split)))
        {
            var splits = Directory.Exists(Path.Combine(folder.FullName, "qrels"))
                ? Directory.GetFiles(Path.Combine(folder.FullName, "qrels"), "*.tsv").Select(Path.GetFileNameWithoutExtension).Order().ToList()
                : [];
            error.WriteLine($"error: {folder.FullName} has no {split} split (no qrels/{split}.tsv); " +
                (splits.Count == 0 ? "it has no judgements at all." : $"it has: {string.Join(", ", splits)}. Try --split {splits[0]}."));
            return Task.FromResult(2);
        }
        var options = services.GetRequiredService<IOptions<SearchOptions>>().Value;
        if (!EmbeddingModel.TryFind(modelName ?? options.Model, out var model))
        {
            error.WriteLine($"error: unknown model '{modelName ?? options.Model}': use {string.Join(" or ", EmbeddingModel.All.Select(m => m.Name))}.");
            return Task.FromResult(2);
        }
        // Progress goes to stderr, so that stdout holds only the figures (or the JSON object).
        using var logs = LoggerFactory.Create(b => b
            .AddSimpleConsole(o => o.SingleLine = true)
            .AddFilter(level => level >= LogLevel.Information)
            .Services.Configure<ConsoleLoggerOptions>(o => o.LogToStandardErrorThreshold = LogLevel.Trace));
        var logger = logs.CreateLogger("eval");

        var beir = BeirFolder.Read(folder.FullName, split);
        logger.LogInformation("{Folder}: {Documents} documents, {Queries} judged queries ({Split})", folder.Name, beir.Corpus.Count, beir.Queries.Count, split);
        var embedder = new TextEmbedder(model);
        var vectors = new CorpusEmbeddingCache(cache.FullName, logger).Load(embedder, beir.CorpusPath, beir.Corpus, ct);
        var evaluation = SearchEvaluation.Prepare(beir, embedder, vectors);
        var report = evaluation.Report(options.Fusion);
        if (json)
        {
            output.WriteLine(JsonSerializer.Serialize(report));
            return Task.FromResult(0);
        }
        output.WriteLine($"{folder.Name} ({split}): {beir.Corpus.Count} documents, {evaluation.QueryCount} queries; model {model.Name}; " +
            $"fusion {options.Fusion.Method} (vector weight {options.Fusion.VectorWeight:0.##}, depth {options.Fusion.Depth})");
        output.WriteLine($"{"method",-8} {"nDCG@10",8} {"recall@100",11} {"MRR@10",8}");
        foreach (var (name, scores) in new[] { ("keyword", report.Keyword), ("vector", report.Vector), ("hybrid", report.Hybrid) })
        {
            output.WriteLine($"{name,-8} {scores.Ndcg10,8:0.0000} {scores.Recall100,11:0.0000} {scores.Mrr10,8:0.0000}");
        }
        return Task.FromResult(0);
    }
}

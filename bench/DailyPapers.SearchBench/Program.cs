using DailyPapers.SearchBench;

// dotnet run -c Release --project bench/DailyPapers.SearchBench -- speed [--sizes 10000,100000] [--queries 200]
// dotnet run -c Release --project bench/DailyPapers.SearchBench -- tune ../shared/data/scifact
return args.FirstOrDefault() switch
{
    "speed" => SpeedBenchmark.Run(SpeedBenchmark.Options.Parse(args.Skip(1).ToArray())),
    "tune" => FusionTuning.Run(args.Skip(1).ToArray()),
    "tune-short" => ShortQueryTuning.Run(args.Skip(1).ToArray()),
    "recall" => QuantisedRecall.Run(args.Skip(1).ToArray()),
    "restart" => SavedIndexStart.Run(args.Skip(1).ToArray()),
    "catchup" => await DatabaseCatchUp.RunAsync(args.Skip(1).ToArray()),
    "demo-export" => DemoCatalogue.Export(args.Skip(1).ToArray()),
    "catalogue" => await SearchCatalogue.Run(args.Skip(1).ToArray()),
    "http-latency" => await HttpLatency.RunAsync(args.Skip(1).ToArray()),
    "keyword-latency" => await KeywordLatency.RunAsync(args.Skip(1).ToArray()),
    "keyword-cost" => await KeywordCost.RunAsync(args.Skip(1).ToArray()),
    "keyword-merge" => KeywordMerge.Run(args.Skip(1).ToArray()),
    _ => Usage(),
};

static int Usage()
{
    Console.Error.WriteLine("""
        usage: DailyPapers.SearchBench speed [--sizes 10000,100000] [--queries N] [--data ../shared/data] [--model MiniLM] [--cache DIR]
                 Latency (p50/p99) of keyword, vector and hybrid queries, query embedding included, against a
                 full scan of every paper's text per query (arxiv-sanity-lite's search), in one run per size;
                 index build times and resident memory. Corpus: real abstracts replicated with variation.
               DailyPapers.SearchBench tune FOLDER [--model MiniLM] [--cache DIR]
                 Scores BM25 settings and fusion settings on a BEIR folder's train split (SciFact train).
               DailyPapers.SearchBench tune-short FOLDER [--sample N] [--queries N] [--seed N] [--grid weights|fusion|length|lead|gate|skip|common] [--cache DIR] [--vectors FILE] [--explain SET]
                 Scores the short-query clauses and query-kind fusion on the train halves of the generated sets.
               DailyPapers.SearchBench recall [--size 100000] [--queries 200] [--precisions F32,F16,I8] [--vectors PATH]
                 Recall@10 of the HNSW graph at each precision against exact float32 search (graph only, and re-scored),
                 build time, graph bytes per vector, latency; real arxiv-daily MiniLM vectors, noisy copies beyond them.
               DailyPapers.SearchBench restart [--size 100000] [--precision F16] [--folder DIR]
                 A node's vector index built from its vectors against opened from its saved folder: time to first search.
               DailyPapers.SearchBench catchup --database FILE [--folder DIR] [--precision F16] [--queries 50] [--graph]
                 A new node's vector catch-up from a SQLite database (time, CPU, RSS), exact search over all, save, start again.
               DailyPapers.SearchBench demo-export [DIR]
                 Writes the demo catalogue as a folder of arXiv records (DIR/demo.jsonl) for eval and tune-short.
               DailyPapers.SearchBench catalogue DATABASE_FILE --vectors FILE [--size 100000] [--data ../shared/data] [--seed 17]
                 Fills a migrated site database up to --size papers with real arXiv papers and their vectors from
                 FILE.f32/FILE.ids, then varied copies (bench/search-page.sh --size 100000 uses it).
               DailyPapers.SearchBench http-latency --url URL --database FILE [--queries 200] [--kind title,topic] [--pid PID]
                 A running node's search latency, fresh queries cut from the database's papers, one at a time.
               DailyPapers.SearchBench keyword-latency --index DIR --database FILE [--queries 200] [--kind title,topic,known] [--top 100]
                   [--base main|nocommon|exhaustive] [--base-index DIR] [--parallel] [--threads N] [--diff]
                 The keyword search alone on an index folder opened read-only (a node may be writing it), the same kind
                 of queries (known: a whole title), two searchers side by side in one process: base (the default ranking;
                 nocommon: without the common-word restriction; exhaustive: every match scored, no top-k skipping) and
                 branch (the default ranking, with --parallel its segments scored in parallel); --base-index DIR: the
                 base reads another folder (another build of the same papers); --threads N also measures queries/s of
                 each at N concurrent searches; --diff prints each ranking whose scores differ from the base's.
               DailyPapers.SearchBench keyword-cost --index DIR --database FILE [--queries 20] [--kind topic] [--seed 16]
                 Where a keyword query's CPU goes: the full query, its words, the common-word restriction, the
                 short-query clauses, the papers holding every word, and both queries staged on those papers.
               DailyPapers.SearchBench keyword-merge --index DIR [--segments 1]
                 Merges a keyword index folder down to at most N segments in place (a copy: no node may hold it).
        """);
    return 2;
}

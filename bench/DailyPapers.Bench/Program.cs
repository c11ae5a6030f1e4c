using DailyPapers.Bench;
using DailyPapers.Bench.Recommend;

// dotnet run -c Release --project bench/DailyPapers.Bench -- import [--records 200000] [--postgres "Host=…"]
// dotnet run -c Release --project bench/DailyPapers.Bench -- digest [--subscribers 10000] [--postgres "Host=…"]
// dotnet run -c Release --project bench/DailyPapers.Bench -- links [../shared/data/arxiv-daily]
// bench/load.sh runs: DailyPapers.Bench voters --url U --pickup DIR --count 20 --papers A,B,… --ready FILE --stop FILE [--certificate PEM] [--reader-cookie FILE]
// dotnet run -c Release --project bench/DailyPapers.Bench -- library [--entries 10000] [--postgres "Host=…"]
// dotnet run -c Release --project bench/DailyPapers.Bench -- embed-arxiv-daily | recommend | recommend-speed (bench/README.md)
return args.FirstOrDefault() switch
{
    "import" => await ImportBenchmark.RunAsync(ImportBenchmark.Options.Parse(args.Skip(1).ToArray())),
    "digest" => await DigestBenchmark.RunAsync(DigestBenchmark.Options.Parse(args.Skip(1).ToArray())),
    "links" => LinkFinderBenchmark.Run(args.Skip(1).ToArray()),
    "voters" => await VotersLoad.RunAsync(VotersLoad.Options.Parse(args.Skip(1).ToArray())),
    "library" => await LibraryBenchmark.RunAsync(LibraryBenchmark.Options.Parse(args.Skip(1).ToArray())),
    "corpus" => DailyPapers.Bench.Scale.CorpusCommand.Run(args.Skip(1).ToArray()),
    "embed-raw" => await DailyPapers.Bench.Scale.EmbedComparison.RunAsync(args.Skip(1).ToArray()),
    "keyword-build" => await DailyPapers.Bench.Scale.KeywordBuildCommand.RunAsync(args.Skip(1).ToArray()),
    "seed-start" => await DailyPapers.Bench.Scale.SeedStartCommand.RunAsync(args.Skip(1).ToArray()),
    "corpus-vectors" => await DailyPapers.Bench.Scale.VectorLoadCommand.RunAsync(args.Skip(1).ToArray()),
    "recommend" => RecommendBenchmark.Run(RecommendBenchmark.Options.Parse(args.Skip(1).ToArray()), ProductRanking.Create()),
    "recommend-speed" => await RecommendSpeedBenchmark.RunAsync(RecommendSpeedBenchmark.Options.Parse(args.Skip(1).ToArray())),
    "embed-arxiv-daily" => EmbedArxivDaily.Run(args.Skip(1).ToArray()),
    _ => Usage(),
};

static int Usage()
{
    Console.Error.WriteLine("""
        usage: DailyPapers.Bench import [--records N] [--batch-size N] [--source FILE] [--postgres CONNECTION] [--no-postgres] [--keep]
          Makes N snapshot records from the 200 real lines (new ids), then measures in one run:
          (a) System.Text.Json alone, (b) the import into a fresh SQLite file, (c) the import into a scratch
          PostgreSQL database (created and dropped; connection from --postgres or DAILYPAPERS_BENCH_POSTGRES).
        usage: DailyPapers.Bench digest [--subscribers N] [--postgres CONNECTION]
          Against one local SMTP receiver: (a) a raw MailKit loop of N same-sized messages over one connection,
          (b) the digest job (plan + send) for N subscribers with mixed topics on SQLite, (c) the same on PostgreSQL.
        usage: DailyPapers.Bench links [FOLDER]
          Thread CPU per paper of looking for code links (CodeLinks.Find) in the arxiv-daily abstracts and comments.
        usage: DailyPapers.Bench voters --url URL --pickup FOLDER --count N --papers ID,ID,… --ready FILE --stop FILE [--certificate PEM] [--reader-cookie FILE]
          bench/load.sh's voters: N readers sign in (links from the mail pickup folder), write FILE --ready, then vote
          back to back (up, then remove) until FILE --stop exists; prints votes, failures, rate, p50 and p99.
        usage: DailyPapers.Bench library [--entries N] [--postgres CONNECTION | --no-postgres]
          A library import of N generated BibTeX entries (by eprint, DOI, title) on SQLite and PostgreSQL: reading,
          matching and storing, importing again, against the plain writes of its rows.
        usage: DailyPapers.Bench corpus --out DIR [--records 2800000] [--data ../shared/data] [--vectors PATH] [--seed 16]
          A benchmark corpus in the snapshot's format (DIR/snapshot.jsonl) with a vector per line (DIR/vectors.f32, .ids).
        usage: DailyPapers.Bench corpus-vectors --from DIR --database CONNECTION [--postgres] [--model MiniLM] [--limit N] [--follow]
          Stores the corpus's vectors (DIR/vectors.f32, .ids) for the papers imported from it, as the embedding job would;
          --follow runs beside the import, waiting for papers not imported yet.
        usage: DailyPapers.Bench keyword-build --database FILE [--folder DIR] [--set Search:Key=value]…
          A node's keyword index built from scratch from a SQLite database (the node's own code): wall, CPU, peak RSS, size.
        usage: DailyPapers.Bench seed-start --database FILE --folder DIR [--snapshot DIR] [--graph-timeout SECONDS]
          A new node's start into an empty folder (the node's own code), from the database or seeded from a snapshot:
          first search, caught up, graph in use, CPU, peak RSS, and a digest of 20 queries' results.
        usage: DailyPapers.Bench embed-raw --database CONNECTION [--papers 64] [--threads N] [--batch 8]
          The embedding job (the embed verb's code) against raw ONNX Runtime on the same abstracts, in one run (changes the database: use a copy).
        usage: DailyPapers.Bench embed-arxiv-daily [--data FOLDER] [--out PATH] [--workers N]
          MiniLM vectors of the arxiv-daily papers into a vector file (resumes; the two benchmarks below read it).
        usage: DailyPapers.Bench recommend [--from D] [--to D] [--readers-per-day N] [--min-profile N] [--seed N] [--only NAMES] [--variants text,authors]
          Recommendation quality offline: authors as readers, nDCG@10 and recall@50 of the recommender and baselines.
        usage: DailyPapers.Bench recommend-speed [--readers N] [--candidates N] [--limit N]
          One day's papers ranked for N readers by the Recommender on SQLite, against reading their signals and vectors.
        """);
    return 2;
}

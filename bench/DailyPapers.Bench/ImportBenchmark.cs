using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using DailyPapers.Ingest.Snapshot;
using DailyPapers.Storage;
using DailyPapers.Tests.Ingest.Snapshot;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace DailyPapers.Bench;

/// <summary>
/// Snapshot import throughput, all measured in one run on one generated file: System.Text.Json alone (the
/// floor any importer pays), our parser, our parser plus the content hash, then the whole import into SQLite
/// and into PostgreSQL. Prints records/s and the ratio of each to System.Text.Json alone.
/// </summary>
internal static class ImportBenchmark
{
    internal sealed record Options(int Records, int BatchSize, string Source, string? Postgres, bool Keep)
    {
        public static Options Parse(string[] args)
        {
            string? Value(string name) => args.SkipWhile(a => a != name).Skip(1).FirstOrDefault();
            return new Options(
                int.Parse(Value("--records") ?? "200000", CultureInfo.InvariantCulture),
                int.Parse(Value("--batch-size") ?? SnapshotImportRequest.DefaultBatchSize.ToString(CultureInfo.InvariantCulture), CultureInfo.InvariantCulture),
                Value("--source") ?? DefaultSource(),
                args.Contains("--no-postgres") ? null : Value("--postgres") ?? Environment.GetEnvironmentVariable("DAILYPAPERS_BENCH_POSTGRES")
                    ?? "Host=127.0.0.1;Port=55432;Username=postgres;Database=postgres",
                args.Contains("--keep"));
        }

        /// <summary>The shared data folder next to the checkout (../shared/data), found from the working folder upwards.</summary>
        private static string DefaultSource()
        {
            for (var dir = new DirectoryInfo(Environment.CurrentDirectory); dir is not null; dir = dir.Parent)
            {
                var candidate = Path.Combine(dir.FullName, "shared", "data", "arxiv-snapshot", SnapshotFiles.Head200);
                if (File.Exists(candidate))
                {
                    return candidate;
                }
            }
            return Path.Combine("..", "shared", "data", "arxiv-snapshot", SnapshotFiles.Head200);
        }
    }

    public static async Task<int> RunAsync(Options o)
    {
        var dir = Directory.CreateTempSubdirectory("dailypapers-bench-").FullName;
        try
        {
            var file = Path.Combine(dir, "snapshot.jsonl");
            SnapshotFiles.Replicate(o.Source, file, o.Records);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{o.Records:N0} records ({new FileInfo(file).Length / 1e6:F0} MB) from {o.Source}; {Environment.ProcessorCount} cores; batch {o.BatchSize:N0}; load average {File.ReadAllText("/proc/loadavg").Trim()}"));
            ParsingStages.JsonOnly(file); // page cache and JIT warm-up

            var results = new List<(string Name, Measurement M)>
            {
                ("(a) System.Text.Json alone", Measure(() => ParsingStages.JsonOnly(file))),
                ("    our parser (line -> Paper)", Measure(() => ParsingStages.Parser(file))),
                ("    our parser + content hash", Measure(() => ParsingStages.ParserAndHash(file))),
                ("(b) import into SQLite", await MeasureAsync(() => ImportAsync(Sqlite(dir, "import.db"), file, o.BatchSize))),
            };
            if (o.Postgres is not null)
            {
                results.Add(("(c) import into PostgreSQL", await MeasureAsync(() => WithScratchPostgresAsync(o.Postgres, c => ImportAsync(c, file, o.BatchSize)))));
            }
            var baseline = results[0].M.Seconds;
            Console.WriteLine($"{"",-32} {"seconds",8} {"records/s",10} {"CPU",5} {"vs (a)",7} {"GC pause",8} {"gen0/1/2",12} {"KB/record",9}");
            foreach (var (name, m) in results)
            {
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"{name,-32} {m.Seconds,8:F2} {o.Records / m.Seconds,10:N0} {m.CpuSeconds / m.Seconds,5:F2} {baseline / m.Seconds,7:F2} {m.GcPauseSeconds,7:F2}s {$"{m.Gen0}/{m.Gen1}/{m.Gen2}",12} {m.Allocated / 1024.0 / o.Records,9:F1}"));
            }
            Console.WriteLine("CPU = process CPU seconds per wall second (2.00 = both cores busy); vs (a) = speed relative to (a).");
            foreach (var (name, m) in results.Where(r => r.Name.StartsWith("(b)", StringComparison.Ordinal) || r.Name.StartsWith("(c)", StringComparison.Ordinal)))
            {
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"busy threads during {name.Trim()}: {string.Join(", ", m.Threads.Select(t => $"{t.Name} {t.Seconds / m.Seconds:P0}"))}"));
            }

            // The import runs a reading thread (parse + hash) and a writing thread (upserts) side by side;
            // per-thread CPU time shows which one bounds it, whatever else the machine is doing.
            var reading = ThreadCpuPerRecord(() => ParsingStages.ParserAndHash(file), o.Records);
            var writerRecords = Math.Min(o.Records, 50_000);
            var writing = await WithServicesAsync(Sqlite(dir, "writer.db"), s => WriterStage.MeasureAsync(s, file, writerRecords, o.BatchSize)) / writerRecords;
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"""
                CPU per record of each side of the SQLite import, measured alone on one thread:
                  reading (split, parse, validate, hash)   {reading.TotalMicroseconds,6:F1} us
                  writing (upsert batches, commit)         {writing.TotalMicroseconds,6:F1} us  ({writerRecords:N0} records)
                  => with a core each, at most about {1e6 / Math.Max(reading.TotalMicroseconds, writing.TotalMicroseconds):N0} records/s
                load average at the end: {File.ReadAllText("/proc/loadavg").Trim()}
                """));
            return 0;
        }
        finally
        {
            if (!o.Keep)
            {
                Directory.Delete(dir, recursive: true);
            }
        }
    }

    /// <summary>Wall and process CPU seconds, and what garbage collection took meanwhile (pauses and gen 0/1/2 counts).</summary>
    private sealed record Measurement(double Seconds, double CpuSeconds, double GcPauseSeconds, int Gen0, int Gen1, int Gen2, long Allocated,
        IReadOnlyList<(string Name, double Seconds)> Threads);

    private static Measurement Measure(Action run) => MeasureAsync(() => { run(); return Task.CompletedTask; }).GetAwaiter().GetResult();

    private static async Task<Measurement> MeasureAsync(Func<Task> run)
    {
        GC.Collect();
        var cpu = Process.GetCurrentProcess().TotalProcessorTime;
        var pause = GC.GetTotalPauseDuration();
        var allocated = GC.GetTotalAllocatedBytes();
        var threads = ProcessThreads.Now();
        int[] collections = [GC.CollectionCount(0), GC.CollectionCount(1), GC.CollectionCount(2)];
        var clock = Stopwatch.StartNew();
        await run();
        var seconds = clock.Elapsed.TotalSeconds;
        var cpuSeconds = (Process.GetCurrentProcess().TotalProcessorTime - cpu).TotalSeconds;
        return new Measurement(seconds, cpuSeconds,
            (GC.GetTotalPauseDuration() - pause).TotalSeconds,
            GC.CollectionCount(0) - collections[0], GC.CollectionCount(1) - collections[1], GC.CollectionCount(2) - collections[2], GC.GetTotalAllocatedBytes() - allocated,
            ProcessThreads.Used(threads, ProcessThreads.Now(), TimeSpan.FromSeconds(cpuSeconds)).ToList());
    }

    private static TimeSpan ThreadCpuPerRecord(Action run, int records)
    {
        var cpu = ThreadCpu.Now();
        run();
        return (ThreadCpu.Now() - cpu) / records;
    }

    private static (DatabaseProvider, string) Sqlite(string dir, string name) => (DatabaseProvider.Sqlite, $"Data Source={Path.Combine(dir, name)}");

    /// <summary>Runs the work against a database created for it on the server, dropped afterwards.</summary>
    internal static async Task WithScratchPostgresAsync(string admin, Func<(DatabaseProvider, string), Task> work)
    {
        var name = $"dp_bench_{Guid.NewGuid():N}";
        await using (var connection = new NpgsqlConnection(admin))
        {
            await connection.OpenAsync();
            await using var create = new NpgsqlCommand($"CREATE DATABASE {name}", connection);
            await create.ExecuteNonQueryAsync();
        }
        try
        {
            await work((DatabaseProvider.Postgres, new NpgsqlConnectionStringBuilder(admin) { Database = name }.ToString()));
        }
        finally
        {
            NpgsqlConnection.ClearAllPools();
            await using var connection = new NpgsqlConnection(admin);
            await connection.OpenAsync();
            await using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS {name} WITH (FORCE)", connection);
            await drop.ExecuteNonQueryAsync();
        }
    }

    private static Task<T> WithServicesAsync<T>((DatabaseProvider Provider, string ConnectionString) db, Func<IServiceProvider, Task<T>> work) =>
        BenchServices.WithServicesAsync(db, work);

    /// <summary>The import as the verb runs it (the migration of the fresh database included in the time).</summary>
    private static Task<SnapshotImportResult> ImportAsync((DatabaseProvider, string) db, string file, int batchSize) =>
        WithServicesAsync(db, async services =>
        {
            var importer = ActivatorUtilities.CreateInstance<SnapshotImporter>(services);
            var result = await importer.ImportAsync(new SnapshotImportRequest(file) { BatchSize = batchSize }, new Silent());
            if (result.Totals.Inserted != result.Totals.LinesRead)
            {
                throw new InvalidOperationException($"Expected every line inserted, got {JsonSerializer.Serialize(result.Totals)}.");
            }
            return result;
        });

    private sealed class Silent : ISnapshotImportObserver
    {
        public void Resuming(long line) { }
        public void Rejected(SnapshotRejectedLine line) => throw new InvalidOperationException($"line {line.LineNumber}: {line.Reason}");
        public void Committed(SnapshotImportProgress progress) { }
    }
}

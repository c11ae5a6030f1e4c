using System.Diagnostics;
using System.Globalization;
using Dapper;
using DailyPapers.Community.Accounts;
using DailyPapers.Community.Library;
using DailyPapers.Papers;
using DailyPapers.Storage;
using DailyPapers.Tests.Community.Library;
using Microsoft.Extensions.DependencyInjection;

namespace DailyPapers.Bench;

/// <summary>
/// A library import of N entries (the generated BibTeX of the 10,000-entry test) against a catalogue holding their
/// papers, on SQLite and PostgreSQL: reading the file, then matching and storing it (LibraryImportService), then the
/// same file again; each against the floor any import pays, the plain writes of its rows (N collection items and N
/// entry rows in one transaction, no lookups).
/// </summary>
internal static class LibraryBenchmark
{
    internal sealed record Options(int Entries, string? Postgres)
    {
        public static Options Parse(string[] args)
        {
            string? Value(string name) => args.SkipWhile(a => a != name).Skip(1).FirstOrDefault();
            return new Options(int.Parse(Value("--entries") ?? "10000", CultureInfo.InvariantCulture),
                args.Contains("--no-postgres") ? null : Value("--postgres") ?? Environment.GetEnvironmentVariable("DAILYPAPERS_BENCH_POSTGRES"));
        }
    }

    private sealed record Result(string Name, double Read, double Import, double Again, double Floor);

    public static async Task<int> RunAsync(Options o)
    {
        var bibtex = LibraryFiles.BibTex(o.Entries);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{o.Entries:N0} entries, {bibtex.Length / 1e6:F1} MB of BibTeX; {Environment.ProcessorCount} cores; load average {File.ReadAllText("/proc/loadavg").Trim()}"));
        var dir = Path.Combine(Path.GetTempPath(), $"dp-library-bench-{Guid.NewGuid():N}");
        Directory.CreateDirectory(dir);
        var results = new List<Result>();
        try
        {
            results.Add(await BenchServices.WithServicesAsync((DatabaseProvider.Sqlite, $"Data Source={Path.Combine(dir, "library.db")}"),
                s => MeasureAsync("SQLite", s, bibtex, o.Entries)));
            if (o.Postgres is not null)
            {
                await ImportBenchmark.WithScratchPostgresAsync(o.Postgres, async db =>
                    results.Add(await BenchServices.WithServicesAsync(db, s => MeasureAsync("PostgreSQL", s, bibtex, o.Entries))));
            }
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
        Console.WriteLine($"{"",-12} {"read s",7} {"import s",9} {"again s",8} {"floor s",8} {"import/floor",13} {"entries/s",10}");
        foreach (var r in results)
        {
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{r.Name,-12} {r.Read,7:F2} {r.Import,9:F2} {r.Again,8:F2} {r.Floor,8:F2} {r.Import / r.Floor,13:F1} {o.Entries / (r.Read + r.Import),10:N0}"));
        }
        Console.WriteLine("read = LibraryReader (parse, identifiers); import = match by id, DOI and title and store; again = the same file a second time;");
        Console.WriteLine("floor = the same number of collection items and entry rows written plainly in one transaction.");
        return 0;
    }

    private static async Task<Result> MeasureAsync(string name, IServiceProvider services, string bibtex, int entries)
    {
        foreach (var chunk in LibraryFiles.Catalogue(entries).Chunk(1_000))
        {
            await services.GetRequiredService<PaperStore>().UpsertBatchAsync(chunk);
        }
        var accounts = services.GetRequiredService<AccountStore>();
        var reader = (await accounts.GetOrCreateByEmailAsync("bench@example.org")).Account.Id;
        var import = services.GetRequiredService<LibraryImportService>();

        var clock = Stopwatch.StartNew();
        var file = LibraryReader.Read("bench.bib", bibtex, int.MaxValue).File!;
        var read = clock.Elapsed.TotalSeconds;
        clock.Restart();
        var first = await import.ImportAsync(reader, file);
        var importSeconds = clock.Elapsed.TotalSeconds;
        clock.Restart();
        await import.ImportAsync(reader, file);
        var again = clock.Elapsed.TotalSeconds;
        if (first.ImportId is null)
        {
            throw new InvalidOperationException(first.Error);
        }

        // The floor: another reader's collection and import, their rows written as they are, nothing looked up.
        var other = (await accounts.GetOrCreateByEmailAsync("floor@example.org")).Account.Id;
        var database = services.GetRequiredService<Database>();
        var now = DateTime.UtcNow;
        clock.Restart();
        await using (var connection = await database.OpenAsync())
        await using (var tx = await database.BeginWriteAsync(connection))
        {
            var ids = Enumerable.Range(1, entries).Select(i => $"2401.{i:00000}").ToList();
            var collection = await connection.ExecuteScalarAsync<long>(
                "INSERT INTO collections (user_id, name, is_public, created_at) VALUES (@other, 'floor', @no, @now) RETURNING id", new { other, no = false, now }, tx);
            await SqlRows.InsertAsync(connection, tx, "collection_items", ["collection_id", "arxiv_id", "added_at"],
                ids.Select(id => new object?[] { collection, id, now }).ToList());
            var importId = await connection.ExecuteScalarAsync<long>(
                "INSERT INTO library_imports (user_id, source, format, entries, to_fetch, created_at) VALUES (@other, 'floor', 'bibtex', 0, 0, @now) RETURNING id",
                new { other, now }, tx);
            await SqlRows.InsertAsync(connection, tx, "library_import_entries", ["import_id", "position", "label", "title", "outcome", "arxiv_id", "matched_by", "reason"],
                ids.Select((id, i) => new object?[] { importId, i, $"entry_{i}, line {i * 9}", $"Generated {{Study}} {i} of Reading Libraries at Scale", "added", id, "arxiv", null })
                    .ToList());
            await tx.CommitAsync();
        }
        return new Result(name, read, importSeconds, again, clock.Elapsed.TotalSeconds);
    }
}

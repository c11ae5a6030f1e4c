using System.Data.Common;
using Dapper;
using DailyPapers.Storage;

namespace DailyPapers.Community.Library;

/// <summary>
/// Imports and their entries: written once when a file is imported (every entry in one statement), read by the
/// page, and settled by the fetch job (LibraryImportStore.Fetch.cs). Only the importing reader reads an import.
/// </summary>
public sealed partial class LibraryImportStore(Database database)
{
    /// <summary>Finished imports a reader keeps (with their lists of entries); older ones are deleted by the next import.</summary>
    public const int ImportsKept = 5;

    private const string SelectImport =
        "SELECT id, user_id, collection_id, source, format, entries, to_fetch, created_at, finished_at, fetch_attempts, fetch_error, " +
        "next_fetch_at FROM library_imports";

    private static readonly IReadOnlyDictionary<EntryOutcome, int> NoCounts = new Dictionary<EntryOutcome, int>();

    private static readonly string[] EntryColumns = ["import_id", "position", "label", "title", "outcome", "arxiv_id", "matched_by", "reason"];

    /// <summary>Stores an import and its entries inside the caller's transaction and returns its id.</summary>
    public static async Task<long> AddAsync(
        DbConnection connection, DbTransaction tx, long userId, long collectionId, LibraryFile file, IReadOnlyList<ImportedEntry> entries,
        DateTime now, CancellationToken ct)
    {
        var toFetch = entries.Count(e => e.Outcome == EntryOutcome.Fetching);
        var id = await connection.ExecuteScalarAsync<long>(new CommandDefinition(
            "INSERT INTO library_imports (user_id, collection_id, source, format, entries, to_fetch, created_at, finished_at) " +
            "VALUES (@userId, @collectionId, @source, @format, @count, @toFetch, @now, @finished) RETURNING id",
            new
            {
                userId, collectionId, source = file.Source, format = FormatName(file.Format), count = entries.Count, toFetch, now,
                finished = toFetch == 0 ? now : (DateTime?)null,
            }, tx, cancellationToken: ct));
        await SqlRows.InsertAsync(connection, tx, "library_import_entries", EntryColumns,
            entries.Select(e => new object?[] { id, e.Position, e.Label, e.Title, OutcomeName(e.Outcome), e.ArxivId, e.MatchedBy, e.Reason }).ToList(),
            ct: ct);
        // Older finished imports go; one still fetching is left to finish.
        await connection.ExecuteAsync(new CommandDefinition(
            "DELETE FROM library_imports WHERE user_id = @userId AND finished_at IS NOT NULL AND id NOT IN " +
            "(SELECT id FROM library_imports WHERE user_id = @userId ORDER BY id DESC LIMIT @kept)",
            new { userId, kept = ImportsKept }, tx, cancellationToken: ct));
        return id;
    }

    /// <summary>The reader's import <paramref name="id"/> with its counts, or their latest when <paramref name="id"/> is null.</summary>
    public async Task<LibraryImport?> GetAsync(long userId, long? id, CancellationToken ct = default)
    {
        await using var connection = await database.OpenAsync(ct);
        var which = id is null ? "" : " AND id = @id";
        var row = await connection.QuerySingleOrDefaultAsync<ImportRow>(new CommandDefinition(
            $"{SelectImport} WHERE user_id = @userId{which} ORDER BY id DESC LIMIT 1", new { userId, id }, cancellationToken: ct));
        if (row is null)
        {
            return null;
        }
        var counts = await connection.QueryAsync<(string Outcome, int Count)>(new CommandDefinition(
            "SELECT outcome, CAST(count(*) AS integer) FROM library_import_entries WHERE import_id = @id GROUP BY outcome", new { id = row.Id }, cancellationToken: ct));
        return row.ToImport(counts.ToDictionary(c => ParseOutcome(c.Outcome), c => c.Count));
    }

    /// <summary>The reader's imports, newest first, without counts.</summary>
    public async Task<IReadOnlyList<LibraryImport>> ForUserAsync(long userId, CancellationToken ct = default)
    {
        await using var connection = await database.OpenAsync(ct);
        return (await connection.QueryAsync<ImportRow>(new CommandDefinition(
            $"{SelectImport} WHERE user_id = @userId ORDER BY id DESC", new { userId }, cancellationToken: ct))).Select(r => r.ToImport(NoCounts)).ToList();
    }

    /// <summary>Entries of an import in file order: all, or only those not imported (duplicates, unmatched, malformed, waiting).</summary>
    public async Task<IReadOnlyList<ImportedEntry>> EntriesAsync(long importId, bool problemsOnly, int offset, int limit, CancellationToken ct = default)
    {
        await using var connection = await database.OpenAsync(ct);
        var filter = problemsOnly ? " AND outcome NOT IN ('added', 'present')" : "";
        return (await connection.QueryAsync<EntryRow>(new CommandDefinition(
                "SELECT position, label, title, outcome, arxiv_id, matched_by, reason FROM library_import_entries " +
                $"WHERE import_id = @importId{filter} ORDER BY position LIMIT @limit OFFSET @offset",
                new { importId, limit, offset }, cancellationToken: ct)))
            .Select(r => r.ToEntry()).ToList();
    }

    internal static string OutcomeName(EntryOutcome outcome) => outcome.ToString().ToLowerInvariant();

    internal static EntryOutcome ParseOutcome(string name) => Enum.Parse<EntryOutcome>(name, ignoreCase: true);

    private static string FormatName(LibraryFormat format) => format.ToString().ToLowerInvariant();

    private sealed class ImportRow
    {
        public long Id { get; init; }
        public long UserId { get; init; }
        public long? CollectionId { get; init; }
        public string Source { get; init; } = "";
        public string Format { get; init; } = "";
        public int Entries { get; init; }
        public int ToFetch { get; init; }
        public DateTime CreatedAt { get; init; }
        public DateTime? FinishedAt { get; init; }
        public int FetchAttempts { get; init; }
        public string? FetchError { get; init; }
        public DateTime? NextFetchAt { get; init; }

        public LibraryImport ToImport(IReadOnlyDictionary<EntryOutcome, int> counts) => new()
        {
            Id = Id,
            UserId = UserId,
            CollectionId = CollectionId,
            Source = Source,
            Format = Enum.Parse<LibraryFormat>(Format, ignoreCase: true),
            Entries = Entries,
            ToFetch = ToFetch,
            CreatedAt = CreatedAt,
            FinishedAt = FinishedAt,
            FetchAttempts = FetchAttempts,
            FetchError = FetchError,
            NextFetchAt = NextFetchAt,
            Counts = counts,
        };
    }

    private sealed class EntryRow
    {
        public int Position { get; init; }
        public string Label { get; init; } = "";
        public string? Title { get; init; }
        public string Outcome { get; init; } = "";
        public string? ArxivId { get; init; }
        public string? MatchedBy { get; init; }
        public string? Reason { get; init; }

        public ImportedEntry ToEntry() => new()
        {
            Position = Position,
            Label = Label,
            Title = Title,
            Outcome = ParseOutcome(Outcome),
            ArxivId = ArxivId,
            MatchedBy = MatchedBy,
            Reason = Reason,
        };
    }
}

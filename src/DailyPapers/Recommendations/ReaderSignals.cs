using System.Data.Common;
using Dapper;
using DailyPapers.Community.Library;
using DailyPapers.Storage;

namespace DailyPapers.Recommendations;

/// <summary>
/// What readers have shown about their taste, read from the community's tables: upvotes, collections (the imported
/// library, <see cref="LibraryImportService.CollectionName"/>, apart), approved authorship claims, and "not interested"
/// marks. Hidden papers are left out. (Topics live in Digest's subscriptions: pages pass them in, <see cref="Recommender"/>.)
/// </summary>
public sealed class ReaderSignals(Database database)
{
    /// <summary>Readers per query: SQLite binds each id as its own parameter.</summary>
    private const int Chunk = 1_000;

    private sealed record Row
    {
        public required long UserId { get; init; }
        public required string ArxivId { get; init; }
        public required string Kind { get; init; }
        public required DateTime At { get; init; }
        public string? AuthorName { get; init; }
    }

    /// <summary>A reader's signals, oldest first.</summary>
    public async Task<IReadOnlyList<ReaderSignal>> ForReaderAsync(long userId, CancellationToken ct = default) =>
        (await ForReadersAsync([userId], ct)).GetValueOrDefault(userId) ?? [];

    /// <summary>The signals of many readers in a few queries; readers without any are absent.</summary>
    public async Task<IReadOnlyDictionary<long, IReadOnlyList<ReaderSignal>>> ForReadersAsync(IReadOnlyCollection<long> userIds, CancellationToken ct = default)
    {
        var result = new Dictionary<long, IReadOnlyList<ReaderSignal>>();
        if (userIds.Count == 0)
        {
            return result;
        }
        await using var connection = await database.OpenAsync(ct);
        foreach (var chunk in userIds.Distinct().Chunk(Chunk))
        {
            var rows = await connection.QueryAsync<Row>(new CommandDefinition(Sql(connection),
                new { ids = chunk, imported = LibraryImportService.CollectionName, no = false }, cancellationToken: ct));
            foreach (var reader in rows.GroupBy(r => r.UserId))
            {
                result[reader.Key] = reader.OrderBy(r => r.At).ThenBy(r => r.ArxivId, StringComparer.Ordinal)
                    .Select(r => new ReaderSignal(r.ArxivId, Parse(r.Kind), r.At, r.AuthorName)).ToList();
            }
        }
        return result;
    }

    private static string Sql(DbConnection connection)
    {
        string In(string column) => SqlDialect.InList(connection, column, "ids");
        // Hidden papers are nobody's signal: a moderator took them out of the catalogue.
        return "SELECT s.* FROM (" +
            $"SELECT v.user_id AS UserId, v.arxiv_id AS ArxivId, 'upvoted' AS Kind, v.created_at AS At, NULL AS AuthorName FROM votes v WHERE {In("v.user_id")} " +
            "UNION ALL SELECT c.user_id, i.arxiv_id, CASE WHEN c.name = @imported THEN 'imported' ELSE 'saved' END, i.added_at, NULL " +
            $"FROM collection_items i JOIN collections c ON c.id = i.collection_id WHERE {In("c.user_id")} " +
            "UNION ALL SELECT a.user_id, a.arxiv_id, 'authored', a.created_at, pa.name FROM author_claims a " +
            $"JOIN paper_authors pa ON pa.arxiv_id = a.arxiv_id AND pa.position = a.author_position WHERE a.status = 'approved' AND {In("a.user_id")} " +
            $"UNION ALL SELECT n.user_id, n.arxiv_id, 'not_interested', n.created_at, NULL FROM not_interested n WHERE {In("n.user_id")}" +
            ") s JOIN papers p ON p.arxiv_id = s.ArxivId WHERE p.hidden = @no";
    }

    private static SignalKind Parse(string kind) => kind switch
    {
        "upvoted" => SignalKind.Upvoted,
        "saved" => SignalKind.Saved,
        "imported" => SignalKind.Imported,
        "authored" => SignalKind.Authored,
        _ => SignalKind.NotInterested,
    };
}

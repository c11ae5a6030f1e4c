using System.Data.Common;
using Microsoft.Data.Sqlite;
using DailyPapers.Papers.Links;

namespace DailyPapers.Papers;

/// <summary>
/// Papers with the content hashes the merge rule compares, the code links their text names and their title keys,
/// computed ahead of the write: an importer builds these on its reading thread, so the thread holding the write
/// transaction only writes.
/// </summary>
public sealed class PreparedBatch
{
    private PreparedBatch(IReadOnlyList<Paper> papers)
    {
        Papers = papers.ToArray();
        Hashes = Papers.Select(PaperContentHash.Of).ToArray();
        Links = Papers.Select(p => CodeLinks.Find(p.Abstract, p.Comments)).ToArray();
        TitleKeys = Papers.Select(p => TitleKey.HashOf(p.Title)).ToArray();
    }

    public IReadOnlyList<Paper> Papers { get; }

    internal string[] Hashes { get; }

    internal CodeLinks[] Links { get; }

    internal string?[] TitleKeys { get; }

    public static PreparedBatch Of(IReadOnlyList<Paper> papers) => new(papers);
}

/// <summary>
/// Batch upserts on one connection, each inside a transaction its caller holds: the bulk writer behind
/// <see cref="PaperStore"/>'s upserts, an import and a harvest. The merge rule is in PaperBatchWriter.Merge.cs,
/// its statements in PaperBatchWriter.Sql.cs, and how each database runs them in PaperRowSetWriter.*.cs.
/// </summary>
public sealed partial class PaperBatchWriter : IDisposable
{
    private readonly TimeProvider _clock;
    private readonly PaperRowSetWriter _rows;

    internal PaperBatchWriter(TimeProvider clock, DbConnection connection)
    {
        _clock = clock;
        _rows = PaperRowSetWriter.For(connection);
    }

    /// <summary>
    /// Readies a connection for a long run of batch upserts (an import or a harvest) and returns the writer for
    /// them, which keeps its statements prepared from one batch to the next. Dispose it before the connection.
    /// On SQLite (settings of this connection only): a 64 MB page cache instead of 2 MB, since index pages are
    /// touched all over the file and re-reading them from the OS was most of the import's system time; and a WAL
    /// checkpoint every 64 MB instead of every 4 MB, since a 1,000-paper batch alone writes a few megabytes and
    /// would otherwise checkpoint (and fsync) on almost every commit. PostgreSQL needs nothing.
    /// </summary>
    internal static async Task<PaperBatchWriter> OpenAsync(TimeProvider clock, DbConnection connection, CancellationToken ct = default)
    {
        if (connection is SqliteConnection)
        {
            await using var command = connection.CreateCommand();
            command.CommandText = "PRAGMA cache_size = -65536; PRAGMA wal_autocheckpoint = 16384;";
            await command.ExecuteNonQueryAsync(ct);
        }
        return new PaperBatchWriter(clock, connection);
    }

    /// <summary>
    /// Upserts the batch with exactly the outcome of upserting its papers one by one in list order (a paper
    /// listed twice is merged twice); the outcomes are in the papers' order. One query reads the stored state
    /// of the whole batch; the merge rule (<see cref="Decide"/>) picks what to write; a few statements write it.
    /// </summary>
    public async Task<IReadOnlyList<UpsertOutcome>> UpsertAsync(DbTransaction tx, PreparedBatch batch, CancellationToken ct = default)
    {
        var papers = batch.Papers;
        if (papers.Count == 0)
        {
            return [];
        }
        var now = _clock.GetUtcNow().UtcDateTime;
        var stored = await _rows.ReadStoredAsync(tx, papers.Select(p => p.ArxivId).Distinct(StringComparer.Ordinal).ToList(), ct);
        var outcomes = new UpsertOutcome[papers.Count];
        var writes = new List<PaperWrite>(papers.Count);
        for (var i = 0; i < papers.Count; i++)
        {
            var paper = papers[i];
            var hash = batch.Hashes[i];
            var known = stored.TryGetValue(paper.ArxivId, out var found) ? found : (StoredState?)null;
            outcomes[i] = Decide(paper, hash, known);
            if (outcomes[i] != UpsertOutcome.Unchanged)
            {
                writes.Add(new PaperWrite(paper, hash, now, outcomes[i], batch.Links[i], batch.TitleKeys[i]));
                // What the write leaves stored: a later record for this id in the batch is judged against it.
                stored[paper.ArxivId] = new StoredState(paper.LatestVersion, hash, EarlierDay(known?.AnnouncedOn, paper.AnnouncedOn));
            }
            else if (known is { } k && BringsEarlierDay(paper, k))
            {
                outcomes[i] = UpsertOutcome.Updated;
                writes.Add(new PaperWrite(paper, hash, now, UpsertOutcome.Updated, batch.Links[i], batch.TitleKeys[i], DayOnly: true));
                stored[paper.ArxivId] = k with { AnnouncedOn = paper.AnnouncedOn };
            }
        }
        foreach (var round in Rounds(writes))
        {
            await WriteRoundAsync(_rows, tx, round, ct);
        }
        return outcomes;
    }

    public void Dispose() => _rows.Dispose();

    /// <summary>Writes papers that are each in the round once: papers first (and days alone), then their authors, versions, found links and title keys.</summary>
    private static async Task WriteRoundAsync(PaperRowSetWriter rows, DbTransaction tx, List<PaperWrite> round, CancellationToken ct)
    {
        var statements = new List<RowSet>(7);
        Add(Statement.InsertPapers, BatchSql.InsertedColumns, round
            .Where(w => w.Outcome == UpsertOutcome.Inserted)
            .Select(w => PaperColumns.Select(c => c.Value(w)).ToArray()));
        Add(Statement.UpdatePapers, BatchSql.UpdatedColumns, round
            .Where(w => w.Outcome == UpsertOutcome.Updated && !w.DayOnly)
            .Select(w => BatchSql.UpdatedPaperColumns.Select(c => c.Value(w)).ToArray()));
        Add(Statement.UpdateAnnouncedOn, BatchSql.DayColumns, round
            .Where(w => w.DayOnly)
            .Select(w => new object?[] { w.Paper.ArxivId, w.Paper.AnnouncedOn }));
        Add(Statement.DeleteAuthors, BatchSql.IdColumns, round
            .Where(w => w.ReplacesAuthors)
            .Select(w => new object?[] { w.Paper.ArxivId }));
        Add(Statement.InsertAuthors, BatchSql.AuthorColumns, round
            .Where(w => w.WritesAuthors)
            .SelectMany(w => w.Paper.Authors.Select((a, i) => new object?[] { w.Paper.ArxivId, i, a.Name, a.Affiliation })));
        Add(Statement.UpsertVersions, BatchSql.VersionColumns, round
            .Where(w => !w.DayOnly)
            .SelectMany(w => DistinctVersions(w.Paper).Select(v => new object?[] { w.Paper.ArxivId, v.Number, v.CreatedAt, v.Size })));
        Add(Statement.UpsertFoundLinks, BatchSql.FoundLinkColumns, round
            .Where(w => !w.DayOnly && !w.Links.IsEmpty)
            .Select(w => new object?[] { w.Paper.ArxivId, w.Links.GithubRepo, w.Links.ProjectPage }));
        // Every written paper, since an update replaces the title (a key of null: nothing to match on any more).
        Add(Statement.UpsertTitleKeys, BatchSql.TitleKeyColumns, round
            .Where(w => !w.DayOnly)
            .Select(w => new object?[] { w.Paper.ArxivId, w.TitleKey }));
        await rows.ExecuteAsync(tx, statements, ct);

        void Add(Statement statement, IReadOnlyList<SetColumn> columns, IEnumerable<object?[]> values)
        {
            var list = values.ToList();
            if (list.Count > 0)
            {
                statements.Add(new RowSet(statement, columns, list));
            }
        }
    }

    /// <summary>Splits the writes so no paper appears twice in one round; rounds keep the batch's order.</summary>
    private static List<List<PaperWrite>> Rounds(List<PaperWrite> writes)
    {
        var rounds = new List<List<PaperWrite>>();
        var seen = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var w in writes)
        {
            var round = seen.TryGetValue(w.Paper.ArxivId, out var n) ? n : 0;
            seen[w.Paper.ArxivId] = round + 1;
            if (round == rounds.Count)
            {
                rounds.Add([]);
            }
            rounds[round].Add(w);
        }
        return rounds;
    }

    /// <summary>
    /// One row per version number, as upserting the list one by one would leave it (the first date, the last
    /// size given), since one statement cannot touch the same row twice.
    /// </summary>
    private static IEnumerable<PaperVersion> DistinctVersions(Paper paper)
    {
        var versions = paper.Versions;
        for (var i = 1; i < versions.Count; i++)
        {
            for (var j = 0; j < i; j++)
            {
                if (versions[i].Number == versions[j].Number)
                {
                    return versions.GroupBy(v => v.Number)
                        .Select(g => g.First() with { Size = g.LastOrDefault(v => v.Size is not null)?.Size });
                }
            }
        }
        return versions;
    }

    /// <summary>One statement over a set of rows.</summary>
    internal sealed record RowSet(Statement Statement, IReadOnlyList<SetColumn> Columns, List<object?[]> Rows);
}

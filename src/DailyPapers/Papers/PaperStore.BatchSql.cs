namespace DailyPapers.Papers;

public sealed partial class PaperStore
{
    /// <summary>
    /// The statements of a batch upsert, each reading its rows from a relation <c>u</c>, generated from the merge
    /// rule (PaperStore.Merge.cs). Only where <c>u</c> comes from differs by provider: on PostgreSQL it is all of a
    /// batch's rows, bound as one array per column and expanded with <c>unnest</c>; on SQLite it is one row of
    /// parameters, for a statement prepared once and run for each row.
    /// </summary>
    /// <summary>The writes of a batch upsert, in the order they run.</summary>
    private enum Statement
    {
        InsertPapers,
        UpdatePapers,
        DeleteAuthors,
        InsertAuthors,
        UpsertVersions,
    }

    private sealed class BatchSql
    {
        public static readonly IReadOnlyList<SetColumn> IdColumns = [new("arxiv_id", ColumnType.Text)];

        public static readonly IReadOnlyList<SetColumn> InsertedColumns = PaperColumns.Select(c => c.AsSetColumn).ToList();

        public static readonly IReadOnlyList<PaperColumn> UpdatedPaperColumns =
            PaperColumns.Where(c => c.Merge == Merge.Key || c.Assignment("new", "old") is not null).ToList();

        public static readonly IReadOnlyList<SetColumn> UpdatedColumns = UpdatedPaperColumns.Select(c => c.AsSetColumn).ToList();

        public static readonly IReadOnlyList<SetColumn> AuthorColumns =
            [new("arxiv_id", ColumnType.Text), new("position", ColumnType.Integer), new("name", ColumnType.Text), new("affiliation", ColumnType.Text)];

        public static readonly IReadOnlyList<SetColumn> VersionColumns =
            [new("arxiv_id", ColumnType.Text), new("version", ColumnType.Integer), new("created_at", ColumnType.Time), new("size", ColumnType.Text)];

        public static readonly BatchSql Postgres = new(columns =>
            $"unnest({string.Join(", ", columns.Select((_, i) => $"@p{i}"))}) AS u ({Names(columns)})");

        // The same statements over a single row of parameters, for a prepared statement run once per row.
        public static readonly BatchSql SqliteRow = new(columns =>
            $"(SELECT {string.Join(", ", columns.Select((c, i) => $"@p{i} AS {c.Name}"))}) AS u");

        private BatchSql(Func<IReadOnlyList<SetColumn>, string> rows)
        {
            SelectStored = $"SELECT arxiv_id, latest_version, content_hash FROM papers WHERE arxiv_id IN (SELECT arxiv_id FROM {rows(IdColumns)})";
            // "WHERE true" keeps SQLite from reading ON CONFLICT as a join condition.
            InsertPapers = $"INSERT INTO papers ({Names(InsertedColumns)}) SELECT {Names(InsertedColumns)} FROM {rows(InsertedColumns)} WHERE true";
            UpdatePapers =
                "UPDATE papers AS p SET " +
                string.Join(", ", UpdatedPaperColumns
                    .Where(c => c.Merge != Merge.Key)
                    .Select(c => $"{c.Name} = {c.Assignment(incoming: "u." + c.Name, stored: "p." + c.Name)}")) +
                $" FROM {rows(UpdatedColumns)} WHERE p.arxiv_id = u.arxiv_id";
            DeleteAuthors = $"DELETE FROM paper_authors WHERE arxiv_id IN (SELECT arxiv_id FROM {rows(IdColumns)})";
            InsertAuthors = $"INSERT INTO paper_authors ({Names(AuthorColumns)}) SELECT {Names(AuthorColumns)} FROM {rows(AuthorColumns)} WHERE true";
            // A version already stored keeps its date; a source that knows the size fills it in.
            UpsertVersions =
                $"INSERT INTO paper_versions ({Names(VersionColumns)}) SELECT {Names(VersionColumns)} FROM {rows(VersionColumns)} WHERE true " +
                "ON CONFLICT (arxiv_id, version) DO UPDATE SET size = COALESCE(excluded.size, paper_versions.size)";
        }

        public string SelectStored { get; }
        public string InsertPapers { get; }
        public string UpdatePapers { get; }
        public string DeleteAuthors { get; }
        public string InsertAuthors { get; }
        public string UpsertVersions { get; }

        public string Text(Statement statement) => statement switch
        {
            Statement.InsertPapers => InsertPapers,
            Statement.UpdatePapers => UpdatePapers,
            Statement.DeleteAuthors => DeleteAuthors,
            Statement.InsertAuthors => InsertAuthors,
            Statement.UpsertVersions => UpsertVersions,
            _ => throw new ArgumentOutOfRangeException(nameof(statement)),
        };

        private static string Names(IReadOnlyList<SetColumn> columns) => string.Join(", ", columns.Select(c => c.Name));
    }
}

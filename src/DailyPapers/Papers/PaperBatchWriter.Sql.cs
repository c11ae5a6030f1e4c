namespace DailyPapers.Papers;

public sealed partial class PaperBatchWriter
{
    /// <summary>The writes of a batch upsert, in the order they run.</summary>
    internal enum Statement
    {
        InsertPapers,
        UpdatePapers,
        DeleteAuthors,
        InsertAuthors,
        UpsertVersions,
        UpsertFoundLinks,
        UpsertTitleKeys,
        UpdateAnnouncedOn,
    }

    /// <summary>
    /// The statements of a batch upsert, generated from the merge rule (PaperBatchWriter.Merge.cs). Only where their
    /// rows come from differs by provider: on PostgreSQL, all of a batch's rows at once, bound as one array per
    /// column and expanded with <c>unnest</c>; on SQLite, one row of parameters, for a statement prepared once
    /// and run for each row.
    /// </summary>
    internal sealed class BatchSql
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

        public static readonly IReadOnlyList<SetColumn> DayColumns =
            [new("arxiv_id", ColumnType.Text), new("announced_on", ColumnType.Date)];

        public static readonly IReadOnlyList<SetColumn> FoundLinkColumns =
            [new("arxiv_id", ColumnType.Text), new("found_github_repo", ColumnType.Text), new("found_project_page", ColumnType.Text)];

        public static readonly IReadOnlyList<SetColumn> TitleKeyColumns = [new("arxiv_id", ColumnType.Text), new("title_key", ColumnType.Text)];

        public static readonly BatchSql Postgres = new(
            rows: columns => $"SELECT * FROM unnest({Parameters(columns)})",
            relation: columns => $"unnest({Parameters(columns)}) AS u ({Names(columns)})",
            idIsListed: "arxiv_id = ANY(@p0)");

        // Inserts take the plain VALUES form, and lookups a plain equality: measured a fifth cheaper per paper
        // than the same statements over a one-row subquery.
        public static readonly BatchSql SqliteRow = new(
            rows: columns => $"VALUES ({Parameters(columns)})",
            relation: columns => $"(SELECT {string.Join(", ", columns.Select((c, i) => $"@p{i} AS {c.Name}"))}) AS u",
            idIsListed: "arxiv_id = @p0");

        /// <summary>Rows per run of <see cref="SqliteMany"/>'s inserts.</summary>
        public const int SqliteRows = 16;

        // Inserts of SqliteRows rows per run, for the bulk of a batch (only its inserts are used).
        public static readonly BatchSql SqliteMany = new(
            rows: columns => "VALUES " + string.Join(", ", Enumerable.Range(0, SqliteRows).Select(r => $"({Parameters(columns, r * columns.Count)})")),
            relation: _ => "",
            idIsListed: "");

        /// <param name="rows">The rows as a query, for an INSERT.</param>
        /// <param name="relation">The rows as a relation named <c>u</c>, for a FROM clause.</param>
        /// <param name="idIsListed">The condition "arxiv_id is one of the rows' ids" (the ids bound as <c>@p0</c>).</param>
        private BatchSql(Func<IReadOnlyList<SetColumn>, string> rows, Func<IReadOnlyList<SetColumn>, string> relation, string idIsListed)
        {
            SelectStored = $"SELECT arxiv_id, latest_version, content_hash, announced_on FROM papers WHERE {idIsListed}";
            InsertPapers = $"INSERT INTO papers ({Names(InsertedColumns)}) {rows(InsertedColumns)}";
            UpdatePapers =
                "UPDATE papers AS p SET " +
                string.Join(", ", UpdatedPaperColumns
                    .Where(c => c.Merge != Merge.Key)
                    .Select(c => $"{c.Name} = {c.Assignment(incoming: "u." + c.Name, stored: "p." + c.Name)}")) +
                $" FROM {relation(UpdatedColumns)} WHERE p.arxiv_id = u.arxiv_id";
            var day = PaperColumns.Single(c => c.Name == "announced_on");
            UpdateAnnouncedOn =
                $"UPDATE papers AS p SET announced_on = {day.Assignment(incoming: "u.announced_on", stored: "p.announced_on")} " +
                $"FROM {relation(DayColumns)} WHERE p.arxiv_id = u.arxiv_id";
            DeleteAuthors = $"DELETE FROM paper_authors WHERE {idIsListed}";
            InsertAuthors = $"INSERT INTO paper_authors ({Names(AuthorColumns)}) {rows(AuthorColumns)}";
            // A version already stored keeps its date; a source that knows the size fills it in.
            UpsertVersions =
                $"INSERT INTO paper_versions ({Names(VersionColumns)}) {rows(VersionColumns)} " +
                "ON CONFLICT (arxiv_id, version) DO UPDATE SET size = COALESCE(excluded.size, paper_versions.size)";
            // A newer text that names no link keeps the one found before; what a person set is another column.
            UpsertFoundLinks =
                $"INSERT INTO paper_links ({Names(FoundLinkColumns)}) {rows(FoundLinkColumns)} ON CONFLICT (arxiv_id) DO UPDATE SET " +
                "found_github_repo = COALESCE(excluded.found_github_repo, paper_links.found_github_repo), " +
                "found_project_page = COALESCE(excluded.found_project_page, paper_links.found_project_page)";
            UpsertTitleKeys =
                $"INSERT INTO paper_title_keys ({Names(TitleKeyColumns)}) {rows(TitleKeyColumns)} ON CONFLICT (arxiv_id) DO UPDATE SET title_key = excluded.title_key";
        }

        public string SelectStored { get; }
        public string InsertPapers { get; }
        public string UpdatePapers { get; }
        public string DeleteAuthors { get; }
        public string InsertAuthors { get; }
        public string UpsertVersions { get; }
        public string UpsertFoundLinks { get; }
        public string UpsertTitleKeys { get; }
        public string UpdateAnnouncedOn { get; }

        /// <summary>
        /// SQLite's insert of papers that carries their change_seq (@seq for the first row, then one more per row),
        /// so the numbering triggers skip them (migration 0008).
        /// </summary>
        public static string SqliteNumberedInsert(int rowsPerRun) =>
            $"INSERT INTO papers ({Names(InsertedColumns)}, change_seq) VALUES " +
            string.Join(", ", Enumerable.Range(0, rowsPerRun).Select(r => $"({Parameters(InsertedColumns, r * InsertedColumns.Count)}, @seq + {r})"));

        public string Text(Statement statement) => statement switch
        {
            Statement.InsertPapers => InsertPapers,
            Statement.UpdatePapers => UpdatePapers,
            Statement.DeleteAuthors => DeleteAuthors,
            Statement.InsertAuthors => InsertAuthors,
            Statement.UpsertVersions => UpsertVersions,
            Statement.UpsertFoundLinks => UpsertFoundLinks,
            Statement.UpsertTitleKeys => UpsertTitleKeys,
            Statement.UpdateAnnouncedOn => UpdateAnnouncedOn,
            _ => throw new ArgumentOutOfRangeException(nameof(statement)),
        };

        private static string Names(IReadOnlyList<SetColumn> columns) => string.Join(", ", columns.Select(c => c.Name));

        private static string Parameters(IReadOnlyList<SetColumn> columns, int first = 0) =>
            string.Join(", ", columns.Select((_, i) => $"@p{first + i}"));
    }
}

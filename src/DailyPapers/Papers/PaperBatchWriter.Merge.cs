namespace DailyPapers.Papers;

/// <summary>
/// The one merge rule every upsert follows, whichever path (one paper, a batch, SQLite, PostgreSQL) applies it:
/// which record wins (<see cref="Decide"/>), and how an update treats each stored column (<see cref="PaperColumns"/>).
/// </summary>
public sealed partial class PaperBatchWriter
{
    /// <summary>What the store holds about a paper that decides whether a new record changes it.</summary>
    internal readonly record struct StoredState(int LatestVersion, string ContentHash, DateOnly? AnnouncedOn);

    /// <summary>
    /// One paper about to be written: the record, its content hash, the write time, the links its text names and its title key.
    /// <paramref name="DayOnly"/>: the record changes nothing but brings an earlier announcement day, the one thing written.
    /// </summary>
    internal sealed record PaperWrite(Paper Paper, string Hash, DateTime Now, UpsertOutcome Outcome, Links.CodeLinks Links, string? TitleKey, bool DayOnly = false)
    {
        /// <summary>An update brings a new author list only when the source names authors; an insert always writes its list.</summary>
        public bool WritesAuthors => !DayOnly && (Outcome == UpsertOutcome.Inserted || Paper.Authors.Count > 0);

        public bool ReplacesAuthors => !DayOnly && Outcome == UpsertOutcome.Updated && Paper.Authors.Count > 0;
    }

    /// <summary>
    /// A record for a paper not stored yet is inserted. A record describing an older version than the stored
    /// one changes nothing, and neither does the same content again (equal hash). Anything else is merged.
    /// </summary>
    internal static UpsertOutcome Decide(Paper paper, string hash, StoredState? stored) =>
        stored is not { } s ? UpsertOutcome.Inserted
        : paper.LatestVersion < s.LatestVersion || hash == s.ContentHash ? UpsertOutcome.Unchanged
        : UpsertOutcome.Updated;

    /// <summary>
    /// Whether a record tells an earlier announcement day than the stored one (or the first): a paper's day only ever
    /// moves earlier, whichever source or version says so, so even a record that changes nothing else writes it.
    /// </summary>
    internal static bool BringsEarlierDay(Paper paper, StoredState stored) =>
        paper.AnnouncedOn is { } day && (stored.AnnouncedOn is not { } known || day < known);

    /// <summary>The day stored after a record is merged: the earlier of the two that are known.</summary>
    internal static DateOnly? EarlierDay(DateOnly? stored, DateOnly? incoming) =>
        stored is { } s && (incoming is not { } i || s <= i) ? s : incoming;

    /// <summary>How an update treats a stored column.</summary>
    internal enum Merge
    {
        /// <summary>The key: never updated.</summary>
        Key,

        /// <summary>The newer record's value replaces the stored one.</summary>
        Replace,

        /// <summary>A field the source leaves empty (null) keeps what another source said.</summary>
        KeepWhenNull,

        /// <summary>Same, for a text column where "nothing" is the empty string.</summary>
        KeepWhenEmpty,

        /// <summary>The earlier of the two times stays (a paper's first appearance never moves later).</summary>
        Earliest,

        /// <summary>Written on insert only: community state (upvotes, hidden) and the creation time.</summary>
        InsertOnly,

        /// <summary>The earlier of the two, where either may be unknown (null): the announcement day never moves later.</summary>
        EarliestKnown,
    }

    internal enum ColumnType
    {
        Text,
        Integer,
        Time,
        Boolean,
        Date,
    }

    /// <summary>A column of a set of rows written in one statement.</summary>
    internal readonly record struct SetColumn(string Name, ColumnType Type);

    internal sealed record PaperColumn(string Name, ColumnType Type, Merge Merge, Func<PaperWrite, object?> Value)
    {
        public SetColumn AsSetColumn => new(Name, Type);

        /// <summary>The right-hand side of this column's assignment in an UPDATE, or null when an update leaves it alone.</summary>
        public string? Assignment(string incoming, string stored) => Merge switch
        {
            Merge.Replace => incoming,
            Merge.KeepWhenNull => $"COALESCE({incoming}, {stored})",
            Merge.KeepWhenEmpty => $"CASE WHEN {incoming} = '' THEN {stored} ELSE {incoming} END",
            Merge.Earliest => $"CASE WHEN {incoming} < {stored} THEN {incoming} ELSE {stored} END",
            Merge.EarliestKnown => $"CASE WHEN {stored} IS NULL OR {incoming} < {stored} THEN {incoming} ELSE {stored} END",
            _ => null,
        };
    }

    /// <summary>The columns of <c>papers</c>, in insert order, each with its value and its merge rule.</summary>
    internal static readonly IReadOnlyList<PaperColumn> PaperColumns =
    [
        new("arxiv_id", ColumnType.Text, Merge.Key, w => w.Paper.ArxivId),
        new("title", ColumnType.Text, Merge.Replace, w => w.Paper.Title),
        new("abstract", ColumnType.Text, Merge.Replace, w => w.Paper.Abstract),
        new("primary_category", ColumnType.Text, Merge.KeepWhenNull, w => w.Paper.PrimaryCategory),
        new("categories", ColumnType.Text, Merge.KeepWhenEmpty, w => string.Join(' ', w.Paper.Categories)),
        new("comments", ColumnType.Text, Merge.KeepWhenNull, w => w.Paper.Comments),
        new("journal_ref", ColumnType.Text, Merge.KeepWhenNull, w => w.Paper.JournalRef),
        new("doi", ColumnType.Text, Merge.KeepWhenNull, w => w.Paper.Doi),
        new("report_no", ColumnType.Text, Merge.KeepWhenNull, w => w.Paper.ReportNo),
        new("license", ColumnType.Text, Merge.KeepWhenNull, w => w.Paper.License),
        new("submitter", ColumnType.Text, Merge.KeepWhenNull, w => w.Paper.Submitter),
        new("msc_class", ColumnType.Text, Merge.KeepWhenNull, w => w.Paper.MscClass),
        new("acm_class", ColumnType.Text, Merge.KeepWhenNull, w => w.Paper.AcmClass),
        new("latest_version", ColumnType.Integer, Merge.Replace, w => w.Paper.LatestVersion),
        new("published_at", ColumnType.Time, Merge.Earliest, w => w.Paper.PublishedAt),
        new("updated_at", ColumnType.Time, Merge.Replace, w => w.Paper.UpdatedAt),
        new("announced_on", ColumnType.Date, Merge.EarliestKnown, w => w.Paper.AnnouncedOn),
        new("upvotes", ColumnType.Integer, Merge.InsertOnly, w => w.Paper.Upvotes),
        new("hidden", ColumnType.Boolean, Merge.InsertOnly, w => w.Paper.Hidden),
        new("source", ColumnType.Text, Merge.Replace, w => w.Paper.Source),
        new("content_hash", ColumnType.Text, Merge.Replace, w => w.Hash),
        new("created_at", ColumnType.Time, Merge.InsertOnly, w => w.Now),
        new("modified_at", ColumnType.Time, Merge.Replace, w => w.Now),
    ];
}

namespace DailyPapers.Community.Library;

/// <summary>What became of one entry of an import.</summary>
public enum EntryOutcome
{
    /// <summary>Its paper went into the collection.</summary>
    Added,

    /// <summary>Its paper was in the collection already (an earlier import, or saved by hand).</summary>
    Present,

    /// <summary>It names the same paper as an earlier entry of the file.</summary>
    Duplicate,

    /// <summary>It names an arXiv paper the catalogue lacks, which the library job is fetching from arXiv.</summary>
    Fetching,

    /// <summary>No paper here (or on arXiv) answers to it; the reason says what was tried.</summary>
    Unmatched,

    /// <summary>It could not be read; the reason says why.</summary>
    Malformed,
}

/// <summary>One entry of an import as stored: its place in the file, how it is named, and what became of it.</summary>
public sealed record ImportedEntry
{
    public required int Position { get; init; }
    public required string Label { get; init; }
    public string? Title { get; init; }
    public required EntryOutcome Outcome { get; init; }

    /// <summary>The paper it matched, or the one being fetched.</summary>
    public string? ArxivId { get; init; }

    /// <summary>How it matched: <c>arxiv</c>, <c>doi</c> or <c>title</c>.</summary>
    public string? MatchedBy { get; init; }

    public string? Reason { get; init; }
}

/// <summary>One import of a reader's library and how far it got.</summary>
public sealed record LibraryImport
{
    public required long Id { get; init; }
    public required long UserId { get; init; }

    /// <summary>The collection it fills; null once the reader deleted it.</summary>
    public long? CollectionId { get; init; }

    /// <summary>The uploaded file's name, or "pasted list".</summary>
    public required string Source { get; init; }

    public required LibraryFormat Format { get; init; }
    public required int Entries { get; init; }

    /// <summary>Entries that named arXiv papers missing from the catalogue when it was imported.</summary>
    public required int ToFetch { get; init; }

    public required DateTime CreatedAt { get; init; }

    /// <summary>When nothing was left to fetch; null while the library job is still at it.</summary>
    public DateTime? FinishedAt { get; init; }

    /// <summary>Tries in a row that could not reach arXiv, the last one's reason, and when the job tries again.</summary>
    public int FetchAttempts { get; init; }

    public string? FetchError { get; init; }
    public DateTime? NextFetchAt { get; init; }

    /// <summary>How many entries ended each way.</summary>
    public IReadOnlyDictionary<EntryOutcome, int> Counts { get; init; } = new Dictionary<EntryOutcome, int>();

    public int Count(EntryOutcome outcome) => Counts.GetValueOrDefault(outcome);

    /// <summary>Papers fetched from arXiv so far (or found meanwhile).</summary>
    public int Fetched => ToFetch - Count(EntryOutcome.Fetching);
}

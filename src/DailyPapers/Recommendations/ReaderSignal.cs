namespace DailyPapers.Recommendations;

/// <summary>How a reader showed interest (or its lack) in a paper.</summary>
public enum SignalKind
{
    /// <summary>They upvoted it.</summary>
    Upvoted,

    /// <summary>They put it in one of their collections.</summary>
    Saved,

    /// <summary>It came in with their imported reading library (the private collection <see cref="Community.Library.LibraryImportService.CollectionName"/>).</summary>
    Imported,

    /// <summary>They are one of its authors (an approved authorship claim).</summary>
    Authored,

    /// <summary>They marked it "not interested".</summary>
    NotInterested,
}

/// <summary>One thing a reader did with a paper; <paramref name="AuthorName"/> is the claimed name for <see cref="SignalKind.Authored"/>.</summary>
public sealed record ReaderSignal(string ArxivId, SignalKind Kind, DateTime At, string? AuthorName = null);

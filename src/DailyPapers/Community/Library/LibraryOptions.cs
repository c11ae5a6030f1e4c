namespace DailyPapers.Community.Library;

/// <summary>Importing reading libraries (section <c>Library</c>).</summary>
public sealed class LibraryOptions
{
    /// <summary>The largest file one import takes, in bytes (a 10,000-entry Zotero export with abstracts is about 20 MB).</summary>
    public long MaxFileBytes { get; set; } = 32L * 1024 * 1024;

    /// <summary>The most entries one import takes.</summary>
    public int MaxEntries { get; set; } = 20_000;

    /// <summary>Run the library job on this node: it fetches the arXiv papers imports wait for (nodes take turns per import) and keys older papers' titles once.</summary>
    public bool FetchInBackground { get; set; } = true;

    /// <summary>How often the job looks for imports waiting for arXiv (an import made on this node wakes it at once).</summary>
    public TimeSpan FetchInterval { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Tries in a row that may fail to reach arXiv before an import's remaining papers are given up.</summary>
    public int MaxFetchAttempts { get; set; } = 8;
}

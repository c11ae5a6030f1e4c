namespace DailyPapers.Search.Keyword;

/// <summary>
/// How many threads a keyword search may use now (<see cref="SearchOptions.QueryThreads"/>): its papers are scored in
/// that many ranges at once (<see cref="TopScoring"/>) while it runs alone on the index or the running searches' threads
/// fit the machine's cores; under load each search keeps to one thread, so splits never compete with other searches.
/// </summary>
internal sealed class SplitSearches
{
    private int _running; // searches running now

    /// <summary>Threads a search may use at most; 1: never split.</summary>
    public int Threads { get; set; } = 1;

    /// <summary>A search is split only where each thread gets at least this many papers (tests lower it).</summary>
    public int PapersPerThread { get; set; } = TopScoring.PapersPerPart;

    /// <summary>How a split search's parts run (tests score them one after another).</summary>
    public TopScoring.PartOrder Order { get; set; }

    /// <summary>A search over <paramref name="papers"/> documents starts: the ranges it may score at once. Pair with <see cref="Leave"/>.</summary>
    public int Enter(int papers)
    {
        var running = Interlocked.Increment(ref _running);
        var threads = Math.Min(Threads, papers / Math.Max(1, PapersPerThread));
        return threads > 1 && (running == 1 || running * threads <= Environment.ProcessorCount) ? threads : 1;
    }

    public void Leave() => Interlocked.Decrement(ref _running);
}

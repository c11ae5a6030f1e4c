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

    /// <summary>
    /// Only queries of at least this many words are split (tests lower it): at 2.8 million papers a 5–8 word query's
    /// hybrid p50 fell to 0.74 of one thread's, while 1–3 word queries took 1.08 of the time and 1.33 of the CPU (they
    /// cost little past their set-up, which each part pays again; bench/README.md, "One search on two threads").
    /// </summary>
    public int FromWords { get; set; } = 5;

    /// <summary>How a split search's parts run (tests score them one after another).</summary>
    public TopScoring.PartOrder Order { get; set; }

    /// <summary>A search of <paramref name="words"/> words over <paramref name="papers"/> documents starts: the ranges it may score at once. Pair with <see cref="Leave"/>.</summary>
    public int Enter(int papers, int words)
    {
        var running = Interlocked.Increment(ref _running);
        var threads = words < FromWords ? 1 : Math.Min(Threads, papers / Math.Max(1, PapersPerThread));
        return threads > 1 && (running == 1 || running * threads <= Environment.ProcessorCount) ? threads : 1;
    }

    public void Leave() => Interlocked.Decrement(ref _running);
}

using DailyPapers.Ingest.Arxiv;
using DailyPapers.Papers;
using Microsoft.Extensions.Options;

namespace DailyPapers.Community.Library;

/// <summary>
/// The fetch job's one step: takes a due import, asks arXiv (through the shared, rate-limited client) for up to one
/// call's worth of the papers it waits for, stores them, and settles their entries. An unreachable arXiv puts the
/// import off, longer each time, and after <see cref="LibraryOptions.MaxFetchAttempts"/> tries the rest is given up.
/// Everything waiting is in the database, so a restart, or another node, carries on where this one stopped.
/// </summary>
public sealed class LibraryFetcher(
    LibraryImportStore store, PaperStore papers, ArxivClient arxiv, IOptions<LibraryOptions> options, TimeProvider clock, ILogger<LibraryFetcher> logger)
{
    /// <summary>How long a node holds an import it works on; a node that dies lets it go after this.</summary>
    public static readonly TimeSpan Lease = TimeSpan.FromMinutes(10);

    private const string NotOnArxiv = "arXiv has no paper with this id.";

    /// <summary>Works on one due import; false when none was due.</summary>
    public async Task<bool> RunOnceAsync(CancellationToken ct = default)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        if (await store.ClaimAsync(now, now + Lease, ct) is not { } import)
        {
            return false;
        }
        var waiting = await store.WaitingAsync(import.Id, ArxivClient.IdsPerCall, ct);
        // Found meanwhile (another import, the harvest, a submission): nothing to ask arXiv.
        var known = (await papers.FindByIdsAsync(waiting, ct)).ToDictionary(p => p.ArxivId, StringComparer.Ordinal);
        var found = known.Values.Where(p => !p.Hidden).Select(p => p.ArxivId).ToList();
        var unmatched = known.Values.Where(p => p.Hidden).ToDictionary(p => p.ArxivId, p => $"arXiv:{p.ArxivId} is not available on this site.");
        var missing = waiting.Where(id => !known.ContainsKey(id)).ToList();
        if (missing.Count > 0)
        {
            var fetched = await FetchAsync(missing, ct);
            if (fetched.Papers.Count > 0)
            {
                await papers.UpsertBatchAsync(fetched.Papers, ct);
                found.AddRange(fetched.Papers.Select(p => p.ArxivId).Where(missing.Contains));
            }
            foreach (var id in fetched.NotFound)
            {
                unmatched[id] = NotOnArxiv;
            }
            if (fetched.Error is { } error)
            {
                await PutOffAsync(import, missing.Except(found).Except(unmatched.Keys).ToList(), found, unmatched, error, ct);
                return true;
            }
        }
        await store.SettleAsync(import.Id, found, unmatched, clock.GetUtcNow().UtcDateTime, ct);
        return true;
    }

    /// <summary>What came back; <see cref="Error"/> when arXiv could not be asked about some of them.</summary>
    private sealed record Fetched(List<Paper> Papers, List<string> NotFound, ArxivError? Error);

    /// <summary>
    /// Asks arXiv for the ids in one call. arXiv refuses a whole list for one id it cannot read (an old-style id of an
    /// archive it does not know passes our check), so such a list is halved until the culprit stands alone.
    /// </summary>
    private async Task<Fetched> FetchAsync(List<string> ids, CancellationToken ct)
    {
        var result = await arxiv.FetchByIdsAsync(ids.Select(id => new ArxivId(id, null)).ToList(), ct);
        if (result.Error is { Kind: ArxivErrorKind.MalformedId })
        {
            if (ids.Count == 1)
            {
                return new Fetched([], ids, null);
            }
            var first = await FetchAsync(ids[..(ids.Count / 2)], ct);
            var second = first.Error is null ? await FetchAsync(ids[(ids.Count / 2)..], ct) : new Fetched([], [], null);
            return new Fetched([.. first.Papers, .. second.Papers], [.. first.NotFound, .. second.NotFound], first.Error ?? second.Error);
        }
        var error = result.Error is { Kind: not ArxivErrorKind.NotFound } e ? e : null;
        return new Fetched([.. result.Papers], [.. result.NotFound.Select(i => i.Id)], error);
    }

    /// <summary>Settles what is known and puts the rest off, or gives it up after too many tries.</summary>
    private async Task PutOffAsync(
        LibraryImport import, List<string> left, List<string> found, Dictionary<string, string> unmatched, ArxivError error, CancellationToken ct)
    {
        var attempts = import.FetchAttempts + 1;
        var now = clock.GetUtcNow().UtcDateTime;
        if (attempts >= options.Value.MaxFetchAttempts)
        {
            logger.LogWarning("Library import {ImportId}: arXiv could not be reached {Attempts} times ({Error}); {Count} papers given up",
                import.Id, attempts, error.Message, left.Count);
            foreach (var id in left)
            {
                unmatched[id] = $"arXiv could not be reached ({error.Message}). Import the file again later to fetch it.";
            }
            await store.SettleAsync(import.Id, found, unmatched, now, ct);
            return;
        }
        await store.SettleAsync(import.Id, found, unmatched, now, ct);
        var wait = TimeSpan.FromMinutes(Math.Min(60, Math.Pow(2, attempts - 1)));
        logger.LogWarning("Library import {ImportId}: arXiv could not be reached ({Error}); next try at {NextTry:u}", import.Id, error.Message, now + wait);
        await store.DeferAsync(import.Id, attempts, now + wait, error.Message, ct);
    }
}

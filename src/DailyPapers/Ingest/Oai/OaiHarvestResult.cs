using System.Text.RegularExpressions;

namespace DailyPapers.Ingest.Oai;

/// <summary>What to harvest: records changed from <see cref="From"/> to <see cref="Until"/> in <see cref="Set"/>.</summary>
public sealed partial record OaiHarvestRequest
{
    /// <summary>First day (inclusive); null continues from the last completed harvest of the set (one day of overlap).</summary>
    public DateOnly? From { get; init; }

    /// <summary>Last day (inclusive); null for up to now.</summary>
    public DateOnly? Until { get; init; }

    /// <summary>An arXiv OAI set such as <c>cs</c> or <c>physics:hep-th</c>; null for all of arXiv.</summary>
    public string? Set { get; init; }

    /// <summary>
    /// Keep only papers in these arXiv categories or archives (<c>cs.LG</c>, <c>stat</c>; cross-lists count); empty keeps
    /// every paper of the set. The others are counted in <see cref="OaiHarvestProgress.OutOfScope"/> and not stored.
    /// </summary>
    public IReadOnlyList<string> Categories { get; init; } = [];

    /// <summary>Whether a set name has OAI-PMH's setSpec form (unreserved characters, parts joined by colons).</summary>
    public static bool IsValidSet(string set) => SetSpec().IsMatch(set);

    [GeneratedRegex(@"^[A-Za-z0-9\-_.!~*'()]+(:[A-Za-z0-9\-_.!~*'()]+)*$", RegexOptions.CultureInvariant)]
    private static partial Regex SetSpec();
}

/// <summary>A record the harvest could not read and skipped, named by its OAI identifier.</summary>
public sealed record OaiSkippedRecord(string Identifier, string Problem);

/// <summary>How far a harvest run has come; reported after each stored page.</summary>
public sealed record OaiHarvestProgress
{
    /// <summary>Pages stored by this run.</summary>
    public int Pages { get; init; }

    /// <summary>Papers stored by this run (inserted, updated or unchanged).</summary>
    public long Records { get; init; }

    public long Inserted { get; init; }
    public long Updated { get; init; }
    public long Unchanged { get; init; }

    /// <summary>Deletion notices skipped.</summary>
    public long Deleted { get; init; }

    /// <summary>Papers of the set outside the categories asked for, not stored.</summary>
    public long OutOfScope { get; init; }

    /// <summary>Unreadable records skipped (this run).</summary>
    public IReadOnlyList<OaiSkippedRecord> Malformed { get; init; } = [];

    /// <summary>The token of the next page; null once the list is complete.</summary>
    public string? ResumptionToken { get; init; }

    /// <summary>How many records the whole list holds, when arXiv says.</summary>
    public long? CompleteListSize { get; init; }
}

/// <summary>How a harvest run ended. <see cref="Error"/> is null on success, including "no records match".</summary>
public sealed record OaiHarvestResult
{
    public required OaiHarvestProgress Progress { get; init; }

    public OaiError? Error { get; init; }

    public bool Succeeded => Error is null;

    /// <summary>arXiv said no records match: nothing new since <see cref="From"/>.</summary>
    public bool NothingNew { get; init; }

    /// <summary>The run continued a harvest that had stopped, from its stored resumption token.</summary>
    public bool Resumed { get; init; }

    /// <summary>The stored token had expired, so the run started the harvest again from its from-date.</summary>
    public bool Restarted { get; init; }

    /// <summary>The from-date the harvest asked arXiv for (null: from the beginning).</summary>
    public DateOnly? From { get; init; }

    /// <summary>After a complete harvest, the last day it covered.</summary>
    public DateOnly? HarvestedThrough { get; init; }
}

using System.Collections.Frozen;

namespace DailyPapers.Papers;

/// <summary>
/// arXiv's subject classes: archives (<c>cs</c>, <c>hep-th</c>) and their categories (<c>cs.LG</c>), as arXiv
/// spells them, with the OAI-PMH set each archive is harvested from. A filter is a category or a whole archive:
/// <c>cs</c> takes every <c>cs.*</c> category. Papers store their categories space-separated, primary first.
/// </summary>
public static class ArxivCategories
{
    /// <summary>Each archive with its categories' suffixes (none: the archive is itself the category, as hep-th).</summary>
    private static readonly (string Archive, string OaiSet, string Suffixes)[] Taxonomy =
    [
        ("cs", "cs", "AI AR CC CE CG CL CR CV CY DB DC DL DM DS ET FL GL GR GT HC IR IT LG LO MA MM MS NA NE NI OH OS PF PL RO SC SD SE SI SY"),
        ("econ", "econ", "EM GN TH"),
        ("eess", "eess", "AS IV SP SY"),
        ("math", "math", "AC AG AP AT CA CO CT CV DG DS FA GM GN GR GT HO IT KT LO MG MP NA NT OA OC PR QA RA RT SG SP ST"),
        ("q-bio", "q-bio", "BM CB GN MN NC OT PE QM SC TO"),
        ("q-fin", "q-fin", "CP EC GN MF PM PR RM ST TR"),
        ("stat", "stat", "AP CO ME ML OT TH"),
        ("astro-ph", "physics:astro-ph", "CO EP GA HE IM SR"),
        ("cond-mat", "physics:cond-mat", "dis-nn mes-hall mtrl-sci other quant-gas soft stat-mech str-el supr-con"),
        ("nlin", "physics:nlin", "AO CD CG PS SI"),
        ("physics", "physics:physics",
            "acc-ph ao-ph app-ph atm-clus atom-ph bio-ph chem-ph class-ph comp-ph data-an ed-ph flu-dyn gen-ph geo-ph hist-ph ins-det med-ph optics plasm-ph pop-ph soc-ph space-ph"),
        ("gr-qc", "physics:gr-qc", ""),
        ("hep-ex", "physics:hep-ex", ""),
        ("hep-lat", "physics:hep-lat", ""),
        ("hep-ph", "physics:hep-ph", ""),
        ("hep-th", "physics:hep-th", ""),
        ("math-ph", "physics:math-ph", ""),
        ("nucl-ex", "physics:nucl-ex", ""),
        ("nucl-th", "physics:nucl-th", ""),
        ("quant-ph", "physics:quant-ph", ""),
    ];

    private static readonly FrozenDictionary<string, string> OaiSets =
        Taxonomy.ToFrozenDictionary(t => t.Archive, t => t.OaiSet, StringComparer.Ordinal);

    /// <summary>Every archive and category by its lower-case spelling, to arXiv's spelling.</summary>
    private static readonly FrozenDictionary<string, string> Spellings = Taxonomy
        .SelectMany(t => t.Suffixes.Split(' ', StringSplitOptions.RemoveEmptyEntries).Select(s => $"{t.Archive}.{s}").Prepend(t.Archive))
        .ToFrozenDictionary(n => n.ToLowerInvariant(), n => n, StringComparer.Ordinal);

    /// <summary>The categories a fresh install harvests and shows on <c>/new</c>.</summary>
    public static IReadOnlyList<string> Default { get; } = ["cs.LG", "cs.CL", "cs.CV", "cs.AI", "stat.ML"];

    /// <summary>arXiv's spelling of a category or archive written in any case (<c>CS.lg</c> is <c>cs.LG</c>), or false for anything else.</summary>
    public static bool TryCanonical(string? text, out string canonical)
    {
        canonical = "";
        var key = text?.Trim().ToLowerInvariant();
        if (key is not { Length: > 0 and <= 32 } || !Spellings.TryGetValue(key, out var found))
        {
            return false;
        }
        canonical = found;
        return true;
    }

    /// <summary>Whether the name is a whole archive (<c>cs</c>, <c>hep-th</c>) rather than one category.</summary>
    public static bool IsArchive(string name) => OaiSets.ContainsKey(name);

    /// <summary>The OAI-PMH set that holds a category's or archive's papers: <c>cs</c>, <c>stat</c>, <c>physics:hep-th</c>.</summary>
    public static string OaiSet(string name) => OaiSets[Archive(name)];

    /// <summary>The archive of a category (<c>cs.LG</c>: <c>cs</c>) or the archive itself.</summary>
    public static string Archive(string name) => name.IndexOf('.', StringComparison.Ordinal) is var dot and > 0 ? name[..dot] : name;

    /// <summary>Whether a paper with these categories falls under any of the filters (no filters: every paper does).</summary>
    public static bool Matches(IEnumerable<string> paperCategories, IReadOnlyCollection<string> filters) =>
        filters.Count == 0 || paperCategories.Any(c => filters.Any(f => Covers(f, c)));

    /// <summary>Whether a filter covers a category: the same category, or the category's archive.</summary>
    public static bool Covers(string filter, string category) =>
        string.Equals(filter, category, StringComparison.Ordinal)
        || (category.Length > filter.Length && category[filter.Length] == '.' && category.StartsWith(filter, StringComparison.Ordinal));

    /// <summary>
    /// LIKE patterns over <c>' ' || categories || ' '</c> that find the papers a filter covers: the category
    /// between spaces, and for an archive also any of its categories (<c>% cs.%</c>).
    /// </summary>
    public static IEnumerable<string> LikePatterns(string filter) =>
        IsArchive(filter) ? [$"% {filter} %", $"% {filter}.%"] : [$"% {filter} %"];
}

using DailyPapers.Papers;

namespace DailyPapers.Tests.Search;

/// <summary>A few papers on clearly different topics, for search tests (small, so embedding them takes a second).</summary>
internal static class SearchTestPapers
{
    public static Paper Make(string id, string title, string abstractText, string[] authors, string[] categories, DateTime published) => new()
    {
        ArxivId = id,
        Title = title,
        Abstract = abstractText,
        Authors = authors.Select(a => new PaperAuthor(a)).ToList(),
        Versions = [new PaperVersion(1, published)],
        PrimaryCategory = categories[0],
        Categories = categories,
        PublishedAt = published,
        UpdatedAt = published,
        Source = "test",
    };

    public static readonly Paper Cats = Make("2401.00001", "Why domestic cats purr",
        "We record the purring of domestic cats and show that the low-frequency vibration of the larynx is under neural control. Felines purr when content and when injured.",
        ["Ada Whisker", "Bo Tabby"], ["q-bio.NC"], new DateTime(2024, 1, 5, 10, 0, 0, DateTimeKind.Utc));

    public static readonly Paper Quantum = Make("2402.00002", "Entangled photons for quantum key distribution",
        "Pairs of entangled photons distribute secret keys over fibre. We measure Bell violations over 50 km and bound the information an eavesdropper can learn.",
        ["Carla Müller", "Dan Qubit"], ["quant-ph", "physics.optics"], new DateTime(2024, 2, 10, 10, 0, 0, DateTimeKind.Utc));

    public static readonly Paper Bread = Make("2403.00003", "The chemistry of sourdough bread",
        "Wild yeast and lactic acid bacteria leaven sourdough. We follow the dough's acidity and the oven temperature to explain the crust and the crumb of the bread.",
        ["Eve Baker"], ["physics.chem-ph"], new DateTime(2024, 3, 15, 10, 0, 0, DateTimeKind.Utc));

    public static readonly Paper Transformers = Make("2404.00004", "Attention is a retrieval mechanism in language models",
        "Large language models built from transformer layers retrieve facts with attention heads. We locate the heads that copy tokens from the context.",
        ["Finn Vaswani", "Gia Hinton"], ["cs.CL", "cs.LG"], new DateTime(2025, 4, 20, 10, 0, 0, DateTimeKind.Utc));

    public static readonly Paper Volcano = Make("2405.00005", "Magma temperature beneath an erupting volcano",
        "Seismic and thermal data from an erupting volcano bound the temperature of the magma chamber and the rate at which lava reaches the surface.",
        ["Hal Crater"], ["physics.geo-ph"], new DateTime(2025, 5, 25, 10, 0, 0, DateTimeKind.Utc));

    public static IReadOnlyList<Paper> All { get; } = [Cats, Quantum, Bread, Transformers, Volcano];
}

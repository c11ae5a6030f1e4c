using Dapper;
using DailyPapers.Community.Accounts;
using DailyPapers.Community.Library;
using DailyPapers.Ingest.Arxiv;
using DailyPapers.Papers;
using DailyPapers.Tests.Ingest.Arxiv;
using DailyPapers.Tests.Papers;
using DailyPapers.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace DailyPapers.Tests.Community.Library;

/// <summary>
/// A database of either provider with a small catalogue of real papers, the app's services over it, a reader, and
/// the arXiv replay server standing in for arXiv.
/// </summary>
internal sealed class LibraryRig : IAsyncDisposable
{
    private LibraryRig(TestDatabase db, ArxivReplayServer arxiv, MovableClock clock)
    {
        Db = db;
        Arxiv = arxiv;
        Clock = clock;
        Services = NewServices();
    }

    public TestDatabase Db { get; }
    public ArxivReplayServer Arxiv { get; }
    public MovableClock Clock { get; }

    /// <summary>The services; <see cref="RestartAsync"/> replaces them, as a restarted node would have new ones.</summary>
    public ServiceProvider Services { get; private set; }

    public long UserId { get; private set; }

    public static async Task<LibraryRig> StartAsync(string provider)
    {
        var rig = new LibraryRig(await TestDatabase.CreateAsync(provider), await ArxivReplayServer.StartAsync(), new MovableClock());
        rig.UserId = (await rig.Get<AccountStore>().GetOrCreateByEmailAsync("reader@example.org")).Account.Id;
        await rig.Get<PaperStore>().UpsertBatchAsync(Catalogue);
        return rig;
    }

    /// <summary>
    /// Real papers (titles as arXiv writes them) with the DOI the test gives. 1512.03385 carries its CVPR DOI, which
    /// arXiv's record lacks, so that a DOI can match; hep-th/9711200 has none here, so its entries match by title.
    /// </summary>
    public static readonly IReadOnlyList<Paper> Catalogue =
    [
        Paper("1706.03762", "Attention Is All You Need", 2017),
        Paper("1512.03385", "Deep Residual Learning for Image Recognition", 2015) with { Doi = "10.1109/CVPR.2016.90" },
        Paper("hep-th/9711200", "The Large N Limit of Superconformal Field Theories and Supergravity", 1997),
        Paper("2507.05184", "$\\varphi$-Adapt: A Physics-Informed Adaptation Learning Approach to 2D Quantum\n  Material Discovery", 2025),
        Paper("2401.00101", "Gr\\\"obner Bases of Toric Ideals and Schr\\\"odinger Operators", 2024),
    ];

    public static Paper Paper(string id, string title, int year) => PaperStoreTests.Sample(id, title: title) with
    {
        Doi = null,
        PublishedAt = new DateTime(year, 6, 12, 0, 0, 0, DateTimeKind.Utc),
        UpdatedAt = new DateTime(year, 6, 12, 0, 0, 0, DateTimeKind.Utc),
        Versions = [new PaperVersion(1, new DateTime(year, 6, 12, 0, 0, 0, DateTimeKind.Utc))],
    };

    public T Get<T>() where T : notnull => Services.GetRequiredService<T>();

    /// <summary>Reads <paramref name="text"/> and imports it for the reader.</summary>
    public async Task<LibraryImport> ImportAsync(string source, string text, long? userId = null)
    {
        var read = LibraryReader.Read(source, text, 20_000);
        Assert.Null(read.Error);
        var result = await Get<LibraryImportService>().ImportAsync(userId ?? UserId, read.File!);
        Assert.Null(result.Error);
        return (await Get<LibraryImportStore>().GetAsync(userId ?? UserId, result.ImportId))!;
    }

    public async Task<IReadOnlyList<ImportedEntry>> EntriesAsync(LibraryImport import) =>
        await Get<LibraryImportStore>().EntriesAsync(import.Id, problemsOnly: false, 0, 100_000);

    /// <summary>The papers of the reader's "Imported library", by id.</summary>
    public async Task<IReadOnlyList<string>> CollectionAsync(long? userId = null)
    {
        await using var connection = await Db.Database.OpenAsync();
        return (await connection.QueryAsync<string>(
            "SELECT i.arxiv_id FROM collection_items i JOIN collections c ON c.id = i.collection_id " +
            "WHERE c.user_id = @userId AND c.name = @name AND c.is_public = @no ORDER BY i.arxiv_id",
            new { userId = userId ?? UserId, name = LibraryImportService.CollectionName, no = false })).ToList();
    }

    /// <summary>New services on the same database: what a restart leaves is what the database holds.</summary>
    public async Task RestartAsync()
    {
        await Services.DisposeAsync();
        Services = NewServices();
    }

    private ServiceProvider NewServices() => Db.Services(Clock, s => s.Configure<ArxivOptions>(o => ArxivTestRig.Configure(o, Arxiv, a => a.RetryCount = 0)));

    public async ValueTask DisposeAsync()
    {
        await Services.DisposeAsync();
        await Arxiv.DisposeAsync();
        await Db.DisposeAsync();
    }
}

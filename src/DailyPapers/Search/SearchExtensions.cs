using DailyPapers.Search.Semantic;
using DailyPapers.Search.Snapshots;
using DailyPapers.Search.Sync;
using Microsoft.AspNetCore.Server.Kestrel.Core;

namespace DailyPapers.Search;

public static class SearchExtensions
{
    /// <summary>
    /// Search: the local indexes, their sync with the database (a poller), the background embedding job,
    /// the hybrid search service and its per-client rate limit, the index snapshots a new node seeds from. The background
    /// services run only in the web host.
    /// </summary>
    public static IServiceCollection AddSearch(this IServiceCollection services)
    {
        services.AddOptions<SearchOptions>()
            .BindConfiguration("Search")
            .Validate(o => EmbeddingModel.TryFind(o.Model, out _), "Search:Model must be MiniLM or ArcticXs.")
            .Validate(o => o.Fusion.VectorWeight is >= 0 and <= 1 && o.Fusion.Depth > 0 && o.Fusion.RrfK > 0,
                "Search:Fusion needs VectorWeight in 0..1 and a positive Depth and RrfK.")
            .Validate(o => o.IndexThreads > 0 && o.CatchUpCommitInterval > 0, "Search:IndexThreads and Search:CatchUpCommitInterval must be positive.")
            .ValidateOnStart();
        services.AddMetrics();
        services.AddSingleton<SearchMetrics>();
        services.AddSingleton<SearchIndexes>();
        services.AddSingleton<SearchIndexSync>();
        services.AddSingleton<SearchService>();
        services.AddSingleton<SearchResultCards>();
        services.AddSingleton<PaperLookup>();
        services.AddSingleton<EmbeddingStore>();
        services.AddSingleton<EmbeddingJob>();
        services.AddSingleton<SearchStatus>();
        services.AddSingleton<IndexSnapshotPublisher>();
        services.AddSingleton<SnapshotStatus>();
        services.AddHostedService<SearchSyncWorker>();
        services.AddHostedService<SnapshotPublishWorker>();
        services.AddHostedService<EmbeddingWorker>();
        SearchRateLimit.Add(services);
        // A search link or form may carry a long query (10,000 characters, three bytes each when
        // percent-encoded): answer it with results and a notice, not Kestrel's bare 414.
        services.Configure<KestrelServerOptions>(o => o.Limits.MaxRequestLineSize = Math.Max(o.Limits.MaxRequestLineSize, 128 * 1024));
        return services;
    }
}

using DailyPapers.Papers;

namespace DailyPapers.Community.Library;

public static class LibraryExtensions
{
    /// <summary>Library imports: reading, matching, the store, and the job that fetches missing arXiv papers (when <c>Library:FetchInBackground</c>).</summary>
    public static IServiceCollection AddLibraryImport(this IServiceCollection services)
    {
        services.AddOptions<LibraryOptions>()
            .BindConfiguration("Library")
            .Validate(o => o.MaxFileBytes > 0 && o.MaxEntries > 0 && o.FetchInterval > TimeSpan.Zero && o.MaxFetchAttempts > 0,
                "Library:MaxFileBytes, MaxEntries, FetchInterval and MaxFetchAttempts must be positive.")
            .ValidateOnStart();
        services.AddSingleton<LibraryImportStore>();
        services.AddSingleton<LibraryMatcher>();
        services.AddSingleton<LibraryFetchSignal>();
        services.AddSingleton<LibraryImportService>();
        services.AddSingleton<LibraryFetcher>();
        services.AddSingleton<TitleKeyBackfill>();
        services.AddHostedService<LibraryFetchWorker>();
        return services;
    }
}

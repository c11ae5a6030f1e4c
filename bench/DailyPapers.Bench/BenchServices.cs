using DailyPapers.Startup;
using DailyPapers.Storage;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace DailyPapers.Bench;

/// <summary>The app's services, as the verbs build them, for benchmarks.</summary>
internal static class BenchServices
{
    /// <summary>The app's services over a freshly migrated database of the provider, with any further settings.</summary>
    public static async Task<T> WithServicesAsync<T>((DatabaseProvider Provider, string ConnectionString) db, Func<IServiceProvider, Task<T>> work,
        IReadOnlyDictionary<string, string?>? settings = null)
    {
        var all = new Dictionary<string, string?>(settings ?? new Dictionary<string, string?>())
        {
            ["Database:Provider"] = db.Provider.ToString(),
            ["ConnectionStrings:Database"] = db.ConnectionString,
        };
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(all).Build();
        await using var services = new ServiceCollection()
            .AddSingleton<IConfiguration>(configuration)
            .AddLogging()
            .AddDailyPapersCore(configuration)
            .BuildServiceProvider();
        await services.GetRequiredService<MigrationRunner>().MigrateAsync();
        return await work(services);
    }
}

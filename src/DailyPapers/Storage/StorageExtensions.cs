using Microsoft.Extensions.DependencyInjection.Extensions;

namespace DailyPapers.Storage;

public static class StorageExtensions
{
    /// <summary>
    /// Registers the database from <c>Database:Provider</c> and <c>ConnectionStrings:Database</c> (so the
    /// environment variables <c>Database__Provider</c> and <c>ConnectionStrings__Database</c> work).
    /// </summary>
    public static IServiceCollection AddStorage(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<DatabaseOptions>()
            .BindConfiguration("Database")
            .Configure(o => o.ConnectionString = configuration.GetConnectionString("Database") ?? o.ConnectionString)
            .Validate(o => o.Provider != DatabaseProvider.Postgres || !string.IsNullOrWhiteSpace(o.ConnectionString),
                "Database:Provider is Postgres: set ConnectionStrings:Database (or ConnectionStrings__Database).")
            .ValidateOnStart();
        services.AddOptions<SiteKeyOptions>().BindConfiguration("DataProtection");
        services.AddSingleton<Database>();
        services.AddSingleton<SiteKey>();
        services.AddSingleton<MigrationRunner>();
        services.AddSingleton<ContentVersion>();
        services.TryAddSingleton(TimeProvider.System);
        return services;
    }

    /// <summary>Web host only: builds at start the indexes an interrupted bulk load left off (<see cref="DeferredIndexBuild"/>).</summary>
    public static IServiceCollection AddDeferredIndexBuild(this IServiceCollection services)
    {
        services.AddSingleton<DeferredIndexBuild>();
        services.AddHostedService(sp => sp.GetRequiredService<DeferredIndexBuild>());
        return services;
    }
}

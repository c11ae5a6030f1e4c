using DailyPapers.Demo;
using DailyPapers.Storage;
using Microsoft.Extensions.Options;

namespace DailyPapers.Startup;

/// <summary>What the web host does before it listens, and the <c>migrate</c> verb does: apply migrations, then load the demo into an empty database.</summary>
public sealed class DatabaseStartup(Database database, MigrationRunner migrations, DemoLoader demo, SiteKey siteKey, IOptions<DatabaseOptions> options)
{
    /// <summary>
    /// The web host's start: migrations when <c>Database:MigrateOnStart</c> says so, the demo, then the site key (a node
    /// without the database's key file stops here, not at its first sign-in); a SQLite file is then held open while the
    /// site runs, so a restore from another process sees it is in use.
    /// </summary>
    public async Task RunAsync(CancellationToken ct)
    {
        await RunAsync(options.Value.MigrateOnStart, loadDemo: true, ct);
        await siteKey.LoadAsync(ct);
        await database.HoldOpenAsync(ct);
    }

    /// <summary>Applies pending migrations (when <paramref name="migrate"/>), then loads the demo into an empty database (when <paramref name="loadDemo"/>).</summary>
    public async Task<(IReadOnlyList<Migration> Applied, DemoLoadResult? Demo)> RunAsync(bool migrate, bool loadDemo, CancellationToken ct)
    {
        var applied = migrate ? await migrations.MigrateAsync(ct) : [];
        var loaded = loadDemo ? await demo.LoadIfEmptyAsync(ct) : null;
        return (applied, loaded);
    }
}

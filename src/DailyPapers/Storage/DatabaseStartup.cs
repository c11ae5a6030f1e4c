using DailyPapers.Demo;
using Microsoft.Extensions.Options;

namespace DailyPapers.Storage;

/// <summary>What the web host does before it listens: apply migrations, then load the demo into an empty database.</summary>
public sealed class DatabaseStartup(MigrationRunner migrations, DemoLoader demo, IOptions<DatabaseOptions> options)
{
    public async Task RunAsync(CancellationToken ct)
    {
        if (options.Value.MigrateOnStart)
        {
            await migrations.MigrateAsync(ct);
        }
        await demo.LoadIfEmptyAsync(ct);
    }
}

using System.CommandLine;
using System.Globalization;
using DailyPapers.Search;
using DailyPapers.Search.Snapshots;
using DailyPapers.Search.Sync;
using DailyPapers.Storage;
using Microsoft.Extensions.Options;
using static DailyPapers.Cli.Verbs;

namespace DailyPapers.Cli;

internal static class IndexVerb
{
    internal static Command IndexCommand()
    {
        var command = new Command("index", "This node's search indexes.");
        var snapshot = new Command("snapshot",
            "Bring this node's search indexes (Search:IndexPath, Search:VectorPath) up to date with the database, then publish them as a snapshot "
            + "that new nodes seed from (Search:SnapshotPath), and exit. Run it where no site has the folders open (a running node publishes by itself every Search:SnapshotInterval).");
        var output = new Option<string?>("--out") { Description = "Publish into this folder instead of Search:SnapshotPath." };
        snapshot.Options.Add(output);
        snapshot.SetAction((parse, ct) => RunAsync((services, ct) => SnapshotAsync(services, parse.GetValue(output), ct), ct));
        command.Subcommands.Add(snapshot);
        return command;
    }

    private static async Task<int> SnapshotAsync(IServiceProvider services, string? output, CancellationToken ct)
    {
        var publisher = services.GetRequiredService<IndexSnapshotPublisher>();
        var root = output ?? publisher.ConfiguredRoot;
        if (root.Length == 0)
        {
            await Console.Error.WriteLineAsync("error: say where the snapshot goes: --out DIR, or set Search:SnapshotPath.");
            return 2;
        }
        if (services.GetRequiredService<IOptions<DatabaseOptions>>().Value.MigrateOnStart)
        {
            await services.GetRequiredService<MigrationRunner>().MigrateAsync(ct);
        }
        var indexes = services.GetRequiredService<SearchIndexes>();
        await indexes.OpenAsync(ct);
        if (indexes.PrivateFolder)
        {
            await Console.Error.WriteLineAsync(
                $"error: the search index folder {Path.GetFullPath(services.GetRequiredService<IOptions<SearchOptions>>().Value.IndexPath)} is in use (a running node?): "
                + "stop it, or let it publish by itself (Search:SnapshotPath, Search:SnapshotInterval).");
            return 1;
        }
        var applied = await services.GetRequiredService<SearchIndexSync>().SyncAsync(ct);
        await Console.Error.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
            $"Search indexes up to date: {indexes.Keyword!.Count:N0} papers, {indexes.Vectors.VisibleCount:N0} vectors ({applied:N0} changes applied now)."));
        while (indexes.Vectors.BuildingHnsw)
        {
            // A snapshot without its graph would make every node seeded from it build one.
            await Task.Delay(TimeSpan.FromSeconds(1), ct);
        }
        var published = await publisher.PublishAsync(root, ct);
        if (published is null)
        {
            await Console.Error.WriteLineAsync("error: another node is publishing a snapshot now (PostgreSQL advisory lock); try again later.");
            return 1;
        }
        var m = published.Manifest;
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"Published {published.Folder}: {m.Papers:N0} papers, {m.Vectors:N0} {m.Model} vectors{(m.Graph ? " with their graph" : "")}, up to change {ChangeCursor.Parse(m.PaperPosition).Seq}, "
            + $"{m.Bytes / 1048576.0:0.0} MB in {published.Took.TotalSeconds:0.0} s."));
        return 0;
    }
}

using System.CommandLine;
using System.CommandLine.Parsing;
using System.Globalization;
using DailyPapers.Ingest.Snapshot;
using DailyPapers.Storage;
using Microsoft.Extensions.Options;
using static DailyPapers.Cli.Verbs;

namespace DailyPapers.Cli;

internal static class ImportVerb
{
    internal static Command ImportCommand()
    {
        var command = new Command("import", "Import papers in bulk from a file, then exit.");
        command.Subcommands.Add(ImportSnapshotCommand());
        return command;
    }

    private static Command ImportSnapshotCommand()
    {
        var command = new Command("snapshot",
            "Import the Kaggle arXiv metadata snapshot (JSON lines). Bad lines are listed on stderr and skipped; "
            + "exit code 0 when the file was read to the end, 1 when the import could not run. "
            + "Rerunning the same file is safe: unchanged papers stay as they are, and an interrupted import resumes.");
        var file = new Argument<string>("FILE") { Description = "The snapshot file, e.g. arxiv-metadata-oai-snapshot.json." };
        var limit = new Option<long?>("--limit") { Description = "Stop after N lines." };
        var fromLine = new Option<long>("--from-line") { Description = "Start at this line (1-based).", DefaultValueFactory = _ => 1 };
        var batchSize = new Option<int>("--batch-size")
        {
            Description = "Papers written per transaction.",
            DefaultValueFactory = _ => SnapshotImportRequest.DefaultBatchSize,
        };
        var restart = new Option<bool>("--restart") { Description = "Ignore where an interrupted import of this file stopped; read from --from-line." };
        foreach (var option in new Option[] { limit, fromLine, batchSize })
        {
            option.Validators.Add(AtLeastOne);
        }
        command.Arguments.Add(file);
        command.Options.Add(limit);
        command.Options.Add(fromLine);
        command.Options.Add(batchSize);
        command.Options.Add(restart);
        command.SetAction((parse, ct) =>
        {
            var request = new SnapshotImportRequest(parse.GetValue(file)!)
            {
                Limit = parse.GetValue(limit),
                FromLine = parse.GetValue(fromLine),
                BatchSize = parse.GetValue(batchSize),
                Restart = parse.GetValue(restart),
            };
            if (!File.Exists(request.File))
            {
                Console.Error.WriteLine($"error: no such file: {request.File}");
                return Task.FromResult(1);
            }
            return RunAsync((services, ct) => ImportSnapshotAsync(services, request, ct), ct);
        });
        return command;
    }

    /// <summary>Checks the token itself: a value that is not a number already has its own parse error.</summary>
    private static void AtLeastOne(OptionResult result)
    {
        if (result.Tokens is [var token] && long.TryParse(token.Value, NumberStyles.Integer, CultureInfo.InvariantCulture, out var value) && value < 1)
        {
            result.AddError($"{result.Option.Name} must be at least 1.");
        }
    }

    private static async Task<int> ImportSnapshotAsync(IServiceProvider services, SnapshotImportRequest request, CancellationToken ct)
    {
        var database = services.GetRequiredService<Database>();
        if (services.GetRequiredService<IOptions<DatabaseOptions>>().Value.MigrateOnStart)
        {
            await services.GetRequiredService<MigrationRunner>().MigrateAsync(ct);
        }
        var importer = ActivatorUtilities.CreateInstance<SnapshotImporter>(services);
        var console = new SnapshotImportConsole(Console.Out, Console.Error, SnapshotImportConsole.StderrIsInteractive);
        await Console.Error.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
            $"Importing {request.File} ({new FileInfo(request.File).Length:N0} bytes) into {database.Provider}, {request.BatchSize:N0} papers per transaction."));
        try
        {
            await console.RunAsync(request.File, observer => importer.ImportAsync(request, observer, ct));
        }
        catch (UnauthorizedAccessException e)
        {
            await Console.Error.WriteLineAsync($"error: {e.Message}");
            return 1;
        }
        return 0;
    }
}

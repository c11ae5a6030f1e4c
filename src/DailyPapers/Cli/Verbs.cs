using System.CommandLine;
using DailyPapers.Demo;
using DailyPapers.Startup;
using DailyPapers.Storage;

namespace DailyPapers.Cli;

/// <summary>
/// The command-line verbs of the one program. Each builds a host with the same configuration as the web
/// app (appsettings.json, environment variables such as <c>ConnectionStrings__Database</c>), does its work
/// and exits: 0 on success, 1 when the work failed, 2 for bad usage. Errors go to stderr.
/// </summary>
public static partial class Verbs
{
    private static readonly HashSet<string> Names = ["migrate", "fetch", "import", "harvest", "users", "eval", "digest", "backup", "restore", "embed", "index", "--help", "-h", "-?", "--version"];

    public static bool IsVerb(string[] args) => args.Length > 0 && Names.Contains(args[0]);

    public static async Task<int> RunAsync(string[] args)
    {
        var root = new RootCommand("DailyPapers: research papers worth reading today. With no verb, serves the site.");
        root.Subcommands.Add(MigrateCommand());
        root.Subcommands.Add(FetchVerb.FetchCommand());
        root.Subcommands.Add(ImportVerb.ImportCommand());
        root.Subcommands.Add(HarvestVerb.HarvestCommand());
        root.Subcommands.Add(UsersVerb.UsersCommand());
        root.Subcommands.Add(EvalVerb.EvalCommand());
        root.Subcommands.Add(DigestVerb.DigestCommand());
        root.Subcommands.Add(BackupVerb.BackupCommand());
        root.Subcommands.Add(BackupVerb.RestoreCommand());
        root.Subcommands.Add(EmbedVerb.EmbedCommand());
        root.Subcommands.Add(IndexVerb.IndexCommand());
        var parse = root.Parse(args);
        if (parse.Errors.Count > 0)
        {
            // Usage errors: say what is wrong on stderr and exit 2, as Unix tools do.
            foreach (var error in parse.Errors)
            {
                await Console.Error.WriteLineAsync($"error: {error.Message}");
            }
            await Console.Error.WriteLineAsync($"See '{string.Join(' ', args.Take(1))} --help'.");
            return 2;
        }
        return await parse.InvokeAsync(new InvocationConfiguration { EnableDefaultExceptionHandler = false });
    }

    private static Command MigrateCommand()
    {
        var command = new Command("migrate", "Apply pending schema migrations to the configured database, then exit.");
        var noDemo = new Option<bool>("--no-demo") { Description = "Do not load the demo content into an empty database." };
        command.Options.Add(noDemo);
        command.SetAction((parse, ct) => RunAsync(async (services, ct) =>
        {
            var runner = services.GetRequiredService<MigrationRunner>();
            var database = services.GetRequiredService<Database>();
            var (applied, demo) = await services.GetRequiredService<DatabaseStartup>().RunAsync(migrate: true, loadDemo: !parse.GetValue(noDemo), ct);
            var versions = await runner.AppliedVersionsAsync(ct);
            Console.WriteLine(applied.Count == 0
                ? $"{database.Provider}: schema is up to date (version {(versions.Count == 0 ? 0 : versions[^1])})."
                : $"{database.Provider}: applied {string.Join(", ", applied.Select(m => $"{m.Version:0000}_{m.Name}"))}; schema version {(versions.Count == 0 ? 0 : versions[^1])}.");
            if (demo is { Loaded: true })
            {
                Console.WriteLine($"Loaded demo content: {demo.Papers} papers, {demo.ListEntries} on the daily list of {DemoContent.ListDate:yyyy-MM-dd}.");
                // The web host loads the month of new papers in the background; the verb has nothing to serve meanwhile.
                if (await services.GetRequiredService<DemoNewPapersLoader>().LoadIfPendingAsync(ct) is { Papers: > 0 } month)
                {
                    Console.WriteLine($"Loaded the demo's month of new arXiv papers: {month.Papers} papers with {month.Vectors} vectors.");
                }
            }
            return 0;
        }, ct));
        return command;
    }
}

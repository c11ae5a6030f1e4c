using System.CommandLine;
using System.Globalization;
using DailyPapers.Ingest.Oai;
using DailyPapers.Storage;
using Microsoft.Extensions.Options;
using static DailyPapers.Cli.Verbs;

namespace DailyPapers.Cli;

internal static class HarvestVerb
{
    internal static Command HarvestCommand()
    {
        var command = new Command("harvest", "Harvest papers in bulk from arXiv, then exit.");
        command.Subcommands.Add(HarvestOaiCommand());
        return command;
    }

    private static Command HarvestOaiCommand()
    {
        var command = new Command("oai",
            "Harvest arXiv's OAI-PMH ListRecords (arXivRaw) from Arxiv:OaiUrl into the database, page by page. A stopped "
            + "harvest resumes where it stopped; without --from, a run continues after the last completed harvest.");
        var from = DateOption("--from", "First day (yyyy-MM-dd, inclusive) of record changes to harvest.");
        var until = DateOption("--until", "Last day (yyyy-MM-dd, inclusive) of record changes to harvest.");
        var set = new Option<string?>("--set") { Description = "An arXiv OAI set such as cs or physics:hep-th; all of arXiv when left out." };
        set.Validators.Add(result =>
        {
            if (result.GetValueOrDefault<string?>() is { } s && !OaiHarvestRequest.IsValidSet(s))
            {
                result.AddError($"'{s}' is not an OAI set (examples: cs, math, physics:hep-th).");
            }
        });
        command.Options.Add(from);
        command.Options.Add(until);
        command.Options.Add(set);
        command.SetAction(async (parse, ct) =>
        {
            var request = new OaiHarvestRequest { From = parse.GetValue(from), Until = parse.GetValue(until), Set = parse.GetValue(set) };
            // Checked here rather than in a validator: a validator would run even when a date did not parse.
            if (request.From > request.Until)
            {
                await Console.Error.WriteLineAsync($"error: --from {request.From:yyyy-MM-dd} is after --until {request.Until:yyyy-MM-dd}.");
                return 2;
            }
            return await RunAsync((services, ct) => HarvestOaiAsync(services, request, Console.Out, Console.Error, ct), ct);
        });
        return command;
    }

    /// <summary>A yyyy-MM-dd option; any other form is a usage error (exit code 2).</summary>
    private static Option<DateOnly?> DateOption(string name, string description) => new(name)
    {
        Description = description,
        HelpName = "yyyy-MM-dd",
        CustomParser = result =>
        {
            var text = result.Tokens.Count == 1 ? result.Tokens[0].Value : "";
            if (DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day))
            {
                return day;
            }
            result.AddError($"{name} '{text}' is not a date of the form yyyy-MM-dd.");
            return null;
        },
    };

    /// <summary>Runs the harvest with progress per page on <paramref name="error"/>; 0 when it completed (or nothing was new), 1 otherwise.</summary>
    internal static async Task<int> HarvestOaiAsync(
        IServiceProvider services, OaiHarvestRequest request, TextWriter output, TextWriter error, CancellationToken ct)
    {
        if (services.GetRequiredService<IOptions<DatabaseOptions>>().Value.MigrateOnStart)
        {
            await services.GetRequiredService<MigrationRunner>().MigrateAsync(ct);
        }
        var reported = 0;
        var result = await services.GetRequiredService<OaiHarvester>().HarvestAsync(request, progress =>
        {
            foreach (var skipped in progress.Malformed.Skip(reported))
            {
                error.WriteLine($"skipped {skipped.Identifier}: {skipped.Problem}");
            }
            reported = progress.Malformed.Count;
            var next = progress.ResumptionToken is { } token ? $"next token {token}" : "last page";
            error.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"page {progress.Pages}: {progress.Records:N0} records so far ({Counts(progress)}); {next}"));
        }, ct);

        var p = result.Progress;
        var scope = $"{request.Set ?? "all sets"}{(result.From is { } f ? $" from {f:yyyy-MM-dd}" : " from the beginning")}";
        if (result.Error is { } failure)
        {
            await error.WriteLineAsync($"error: {failure.Message}");
            if (p.Pages > 0)
            {
                await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
                    $"stopped after {p.Records:N0} records in {p.Pages} pages ({scope}); run again to resume from the stored token"));
            }
            return 1;
        }
        var how = result.Restarted ? ", restarted: the stored token had expired" : result.Resumed ? ", resumed" : "";
        await output.WriteLineAsync(result.NothingNew
            ? $"nothing new: no records match ({scope}); harvested through {result.HarvestedThrough:yyyy-MM-dd}"
            : string.Create(CultureInfo.InvariantCulture,
                $"harvested {p.Records:N0} records in {p.Pages} pages ({scope}{how}): {Counts(p)}; harvested through {result.HarvestedThrough:yyyy-MM-dd}"));
        if (p.Inserted > 0)
        {
            // What the schedule does after a harvest with new papers (the curation of the day's list), here too.
            foreach (var followUp in services.GetServices<IHarvestFollowUp>())
            {
                if (await followUp.AfterHarvestAsync(p.Inserted, ct) is { } done)
                {
                    await output.WriteLineAsync(done);
                }
            }
        }
        return 0;
    }

    private static string Counts(OaiHarvestProgress p) => string.Create(CultureInfo.InvariantCulture,
        $"{p.Inserted:N0} inserted, {p.Updated:N0} updated, {p.Unchanged:N0} unchanged, {p.Deleted:N0} deleted and {p.Malformed.Count:N0} malformed skipped");
}

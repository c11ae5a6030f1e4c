using System.CommandLine;
using DailyPapers.Ingest.Arxiv;
using DailyPapers.Papers;
using DailyPapers.Storage;
using Microsoft.Extensions.Options;
using static DailyPapers.Cli.Verbs;

namespace DailyPapers.Cli;

internal static class FetchVerb
{
    internal static Command FetchCommand()
    {
        var command = new Command("fetch", "Fetch papers from the arXiv query API by id and store them, then exit.");
        var idsArgument = new Argument<string[]>("ID")
        {
            Description = "arXiv ids as people paste them: 2310.06110, 2310.06110v2, arXiv:2310.06110, https://arxiv.org/abs/…, hep-th/9901001.",
            Arity = ArgumentArity.OneOrMore,
        };
        command.Arguments.Add(idsArgument);
        command.SetAction((parse, ct) =>
        {
            // Every id is checked before anything is sent to arXiv.
            if (!TryParseIds(parse.GetValue(idsArgument) ?? [], Console.Error, out var ids))
            {
                return Task.FromResult(2);
            }
            return RunAsync((services, ct) => FetchAsync(services, ids, Console.Out, Console.Error, ct), ct);
        });
        return command;
    }

    /// <summary>Parses every argument; names each one that is not an arXiv id on <paramref name="error"/>.</summary>
    internal static bool TryParseIds(IEnumerable<string> arguments, TextWriter error, out List<ArxivId> ids)
    {
        ids = [];
        var ok = true;
        foreach (var argument in arguments)
        {
            if (ArxivId.TryParse(argument, out var id))
            {
                ids.Add(id);
            }
            else
            {
                error.WriteLine($"not an arXiv id: {argument}");
                ok = false;
            }
        }
        return ok && ids.Count > 0;
    }

    /// <summary>Fetches the papers in one id_list call and upserts each; 0 when all were stored, 1 otherwise.</summary>
    internal static async Task<int> FetchAsync(
        IServiceProvider services, IReadOnlyList<ArxivId> ids, TextWriter output, TextWriter error, CancellationToken ct)
    {
        if (services.GetRequiredService<IOptions<DatabaseOptions>>().Value.MigrateOnStart)
        {
            await services.GetRequiredService<MigrationRunner>().MigrateAsync(ct);
        }
        var result = await services.GetRequiredService<ArxivClient>().FetchByIdsAsync(ids, ct);
        var store = services.GetRequiredService<PaperStore>();
        foreach (var paper in result.Papers)
        {
            var outcome = await store.UpsertAsync(paper, ct);
            var title = string.Join(' ', paper.Title.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));
            await output.WriteLineAsync($"{outcome.ToString().ToLowerInvariant(),-9} {paper.ArxivId}v{paper.LatestVersion}  {title}");
        }
        foreach (var missing in result.NotFound)
        {
            await error.WriteLineAsync($"not found: {missing}");
        }
        if (result.Error is { Kind: not ArxivErrorKind.NotFound } failure)
        {
            await error.WriteLineAsync($"error: {failure.Message}");
        }
        return result.Succeeded ? 0 : 1;
    }
}

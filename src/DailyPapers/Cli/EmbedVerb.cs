using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using DailyPapers.Search;
using DailyPapers.Search.Semantic;
using DailyPapers.Storage;
using Microsoft.Extensions.Options;
using static DailyPapers.Cli.Verbs;

namespace DailyPapers.Cli;

internal static class EmbedVerb
{
    private static readonly TimeSpan ProgressEvery = TimeSpan.FromSeconds(10);

    internal static Command EmbedCommand()
    {
        var command = new Command("embed",
            "Embed the papers that have no vector for the model yet (or whose text changed), newest first, on all cores, storing each batch "
            + "as it goes: stop it at any time and run it again to continue. Progress on stderr. Exit code 1 when another node holds the embedding job.");
        var threads = new Option<int>("--threads") { Description = "Threads running the model (default: every core).", DefaultValueFactory = _ => Environment.ProcessorCount };
        var limit = new Option<int?>("--limit") { Description = "Embed at most this many papers." };
        var model = new Option<string?>("--model") { Description = "Embedding model (MiniLM or ArcticXs); default Search:Model." };
        command.Options.Add(threads);
        command.Options.Add(limit);
        command.Options.Add(model);
        command.SetAction((parse, ct) =>
        {
            var (threadCount, most, name) = (parse.GetValue(threads), parse.GetValue(limit), parse.GetValue(model));
            if (threadCount < 1 || most is < 1)
            {
                Console.Error.WriteLine("error: --threads and --limit must be 1 or more.");
                return Task.FromResult(2);
            }
            return RunAsync((services, ct) => EmbedAsync(services, threadCount, most, name, ct), ct);
        });
        return command;
    }

    private static async Task<int> EmbedAsync(IServiceProvider services, int threads, int? limit, string? name, CancellationToken ct)
    {
        var options = services.GetRequiredService<IOptions<SearchOptions>>().Value;
        if (!EmbeddingModel.TryFind(name ?? options.Model, out var model))
        {
            Console.Error.WriteLine($"error: unknown model '{name ?? options.Model}': use {string.Join(" or ", EmbeddingModel.All.Select(m => m.Name))}.");
            return 2;
        }
        if (services.GetRequiredService<IOptions<DatabaseOptions>>().Value.MigrateOnStart)
        {
            await services.GetRequiredService<MigrationRunner>().MigrateAsync(ct);
        }
        var store = services.GetRequiredService<EmbeddingStore>();
        var pending = await store.CountPendingAsync(model.Name, ct);
        Console.Error.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{pending:N0} papers lack a {model.Name} vector; embedding {Math.Min(pending, limit ?? int.MaxValue):N0} of them, newest first, on {threads} threads."));
        var clock = Stopwatch.StartNew();
        var last = TimeSpan.Zero;
        void Progress(int done, int total)
        {
            if (clock.Elapsed - last < ProgressEvery && done < total)
            {
                return;
            }
            last = clock.Elapsed;
            var rate = done / clock.Elapsed.TotalSeconds;
            Console.Error.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"embedded {done:N0}/{total:N0} ({rate:0.0} papers/s, about {(total - done) / Math.Max(rate, 0.001) / 60:0} min left)"));
        }
        var embedded = await services.GetRequiredService<EmbeddingJob>().RunAsync(new EmbeddingRun(threads, limit, model, Progress), ct);
        if (embedded == 0 && pending > 0)
        {
            Console.Error.WriteLine("Another node holds the embedding job (its background job is embedding); nothing was done. Try again later or stop its job (Search:EmbedInBackground).");
            return 1;
        }
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"Embedded {embedded:N0} papers with {model.Name} in {clock.Elapsed.TotalSeconds:0.0} s ({embedded / Math.Max(clock.Elapsed.TotalSeconds, 0.001):0.0} papers/s on {threads} threads); {pending - embedded:N0} still lack one."));
        return 0;
    }
}

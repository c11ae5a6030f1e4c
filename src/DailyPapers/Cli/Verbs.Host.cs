using DailyPapers.Startup;
using DailyPapers.Storage;

namespace DailyPapers.Cli;

public static partial class Verbs
{
    /// <summary>Builds the services a verb needs and runs it, turning failures into a message on stderr and exit code 1.</summary>
    internal static async Task<int> RunAsync(Func<IServiceProvider, CancellationToken, Task<int>> work, CancellationToken ct)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings
        {
            Args = [],
            ContentRootPath = AppContext.BaseDirectory,
        });
        // The web host's own variables (ASPNETCORE_URLS): a verb that mails links checks the public address as the site does.
        builder.Configuration.AddEnvironmentVariables("ASPNETCORE_");
        builder.Logging.ClearProviders();
        builder.Logging.AddSimpleConsole(o => o.SingleLine = true);
        builder.Logging.AddFilter(level => level >= LogLevel.Warning);
        builder.Services.AddDailyPapersCore(builder.Configuration);
        using var host = builder.Build();
        try
        {
            return await work(host.Services, ct);
        }
        catch (OperationCanceledException)
        {
            await Console.Error.WriteLineAsync("Cancelled.");
            return 130;
        }
        catch (Exception e) when (DatabaseErrors.IsDiskFull(e))
        {
            // Every write is a transaction: what was committed stays, the rest is undone, and the database stays whole.
            await Console.Error.WriteLineAsync(
                $"error: the disk holding the database is full ({e.Message}). Nothing after the last commit was saved; free some space and run the same command again.");
            return 1;
        }
        catch (Exception e) when (e is System.Data.Common.DbException or InvalidOperationException or IOException or Microsoft.Extensions.Options.OptionsValidationException)
        {
            await Console.Error.WriteLineAsync($"error: {e.Message}");
            return 1;
        }
    }
}

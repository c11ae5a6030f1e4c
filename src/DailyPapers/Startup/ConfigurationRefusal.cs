using Microsoft.Extensions.Options;

namespace DailyPapers.Startup;

/// <summary>
/// Configuration the program refuses to run with (a check of <c>ValidateOnStart</c>, a value that does not convert, a missing
/// public address, a key file that does not fit the database): the operator gets the reason, one line each, on stderr and exit code 1, not
/// an unhandled exception's stack trace and an abort.
/// </summary>
public static class ConfigurationRefusal
{
    /// <summary>The reasons when <paramref name="e"/> is such a refusal (several checks may fail at once), else null.</summary>
    public static IReadOnlyList<string>? Reasons(Exception e) => e switch
    {
        OptionsValidationException refused => [.. refused.Failures.Select(OneLine)],
        // A value the binder cannot convert (Digest:MaxTopics=abc, an unknown Database:Provider): its message names the key.
        InvalidOperationException { Source: "Microsoft.Extensions.Configuration.Binder" } => [OneLine(e.Message)],
        AggregateException all when all.InnerExceptions.Count > 0 && all.InnerExceptions.All(i => Reasons(i) is not null) =>
            [.. all.InnerExceptions.SelectMany(i => Reasons(i)!)],
        _ => null,
    };

    /// <summary>Writes each reason as an <c>error:</c> line to stderr and gives the exit code of failed work, 1.</summary>
    public static async Task<int> ReportAsync(IReadOnlyList<string> reasons)
    {
        foreach (var reason in reasons)
        {
            await Console.Error.WriteLineAsync($"error: {reason}");
        }
        return 1;
    }

    private static string OneLine(string text) => string.Join(' ', text.Split(['\r', '\n'], StringSplitOptions.RemoveEmptyEntries));
}

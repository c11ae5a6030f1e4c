using System.Collections.Concurrent;
using Microsoft.Playwright;

namespace DailyPapers.BrowserTests.Support;

/// <summary>
/// Watches a page for any sign that injected script ran: alert/confirm/prompt calls (recorded in
/// <c>window.__xss</c> before page scripts run), dialogs, page errors, and Content-Security-Policy refusals
/// (escaped text never reaches the CSP, so a refusal means markup got into the page).
/// </summary>
public sealed class ScriptProbe
{
    private const string RecordDialogCalls = """
        for (const name of ["alert", "confirm", "prompt"]) {
            const original = window[name];
            window[name] = function (...args) {
                (window.__xss ??= []).push(`${name}(${args.join(",")})`);
                return original.apply(this, args);
            };
        }
        """;

    public ConcurrentQueue<string> Dialogs { get; } = new();
    public ConcurrentQueue<string> Problems { get; } = new();

    /// <summary>Opens a page in <paramref name="context"/> with the probe attached.</summary>
    public static async Task<(IPage Page, ScriptProbe Probe)> OpenAsync(IBrowserContext context)
    {
        await context.AddInitScriptAsync(RecordDialogCalls);
        var page = await context.NewPageAsync();
        var probe = new ScriptProbe();
        page.Dialog += (_, dialog) =>
        {
            probe.Dialogs.Enqueue(dialog.Message);
            _ = dialog.DismissAsync();
        };
        page.PageError += (_, error) => probe.Problems.Enqueue(error);
        page.Console += (_, message) =>
        {
            if (message.Text.Contains("Content Security Policy", StringComparison.Ordinal))
            {
                probe.Problems.Enqueue(message.Text);
            }
        };
        return (page, probe);
    }

    /// <summary>How many alert/confirm/prompt calls the page made.</summary>
    public static Task<int> CallsAsync(IPage page) => page.EvaluateAsync<int>("(window.__xss ?? []).length");
}

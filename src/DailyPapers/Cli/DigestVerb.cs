using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using DailyPapers.Digest;
using DailyPapers.Digest.Delivery;
using DailyPapers.Digest.Subscriptions;
using DailyPapers.Search.Sync;
using DailyPapers.Storage;
using Microsoft.Extensions.Options;
using static DailyPapers.Cli.Verbs;

namespace DailyPapers.Cli;

internal static class DigestVerb
{
    internal static Command DigestCommand()
    {
        var command = new Command("digest", "Build and send the email digests by hand, or preview one subscriber's.");
        command.Subcommands.Add(DigestSendCommand());
        command.Subcommands.Add(DigestPreviewCommand());
        return command;
    }

    private static (Option<string> Period, Option<string?> Date) PeriodOptions(bool periodRequired) => (
        new Option<string>("--period")
        {
            Description = "daily (weekdays) or weekly.",
            Required = periodRequired,
            DefaultValueFactory = periodRequired ? null! : _ => "",
        }.AcceptOnlyFromAmong("daily", "weekly", ""),
        new Option<string?>("--date") { Description = "The day the digest goes out, yyyy-MM-dd (default: today in Digest:TimeZone)." });

    private static Command DigestSendCommand()
    {
        var command = new Command("send",
            "Build and send the digest that the scheduler sends on --date: plan every active subscriber's digest into the outbox "
            + "(once per subscriber and period), then send what is queued. Safe to run again: nothing is sent twice. "
            + "Exit code 0 when everything queued was handled, 1 when mail could not be sent (it stays queued) or another node holds the job.");
        var (period, date) = PeriodOptions(periodRequired: true);
        command.Options.Add(period);
        command.Options.Add(date);
        command.SetAction((parse, ct) =>
        {
            if (!TryDigestPeriod(parse.GetValue(period)!, parse.GetValue(date), out var day, out var frequency))
            {
                return Task.FromResult(2);
            }
            return RunAsync(async (services, ct) =>
            {
                await PrepareAsync(services, ct);
                day ??= Today(services);
                if (DigestPeriod.For(frequency, day.Value) is not { } p)
                {
                    Console.WriteLine($"No daily digest goes out on {day.Value.DayOfWeek}s (daily digests are sent on weekdays).");
                    return 0;
                }
                Console.Error.WriteLine($"Digest {p.Key}: papers listed {p.From:yyyy-MM-dd} to {p.To:yyyy-MM-dd}.");
                var runner = services.GetRequiredService<DigestRunner>();
                var clock = Stopwatch.StartNew();
                var last = TimeSpan.Zero;
                var progress = new Progress<DigestProgress>(x =>
                {
                    if (clock.Elapsed - last >= TimeSpan.FromSeconds(2))
                    {
                        last = clock.Elapsed;
                        Console.Error.WriteLine(x.Total is { } total ? string.Create(CultureInfo.InvariantCulture, $"  {x.Phase}: {x.Done:N0} of {total:N0}") : string.Create(CultureInfo.InvariantCulture, $"  {x.Phase}: {x.Done:N0} subscribers"));
                    }
                });
                var report = await runner.RunAsync(p, progress, ct);
                if (!report.Ran)
                {
                    Console.Error.WriteLine($"error: another process ({report.HeldBy}) is running the digest job; try again when it has finished.");
                    return 1;
                }
                var s = report.Send;
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"{p.Key}: {report.Planned:N0} planned, {report.Queued:N0} queued; sent {s.Sent:N0}, bounced {s.Bounced:N0}, refused {s.Rejected:N0}, failed {s.Failed:N0}, cancelled {s.Cancelled:N0} in {clock.Elapsed.TotalSeconds:F1} s."));
                if (s.RelayDown || s.LeaseLost)
                {
                    Console.Error.WriteLine(s.RelayDown
                        ? "error: the mail relay kept failing; the digests not sent stay queued. Run the same command again later."
                        : "error: another process took over the digest job.");
                    return 1;
                }
                return 0;
            }, ct);
        });
        return command;
    }

    private static Command DigestPreviewCommand()
    {
        var command = new Command("preview", "Print the digest one subscriber would get (nothing is stored or sent).");
        var email = new Option<string>("--email") { Description = "The subscriber's address.", Required = true };
        var html = new Option<bool>("--html") { Description = "Print the HTML part instead of the plain text." };
        var (period, date) = PeriodOptions(periodRequired: false);
        command.Options.Add(email);
        command.Options.Add(period);
        command.Options.Add(date);
        command.Options.Add(html);
        command.SetAction((parse, ct) =>
        {
            var periodText = parse.GetValue(period);
            if (!TryDigestPeriod(string.IsNullOrEmpty(periodText) ? "daily" : periodText, parse.GetValue(date), out var day, out var frequency))
            {
                return Task.FromResult(2);
            }
            return RunAsync(async (services, ct) =>
            {
                await PrepareAsync(services, ct);
                var address = parse.GetValue(email)!;
                if (await services.GetRequiredService<SubscriptionStore>().FindByEmailAsync(address, ct) is not { } subscription)
                {
                    Console.Error.WriteLine($"error: {address} has no digest subscription.");
                    return 1;
                }
                if (string.IsNullOrEmpty(periodText))
                {
                    frequency = subscription.Frequency;
                }
                day ??= Today(services);
                var p = DigestPeriod.For(frequency, day.Value) ?? DigestPeriod.For(frequency, PreviousWeekday(day.Value))!;
                var (plan, mail) = await services.GetRequiredService<DigestPreview>().BuildAsync(subscription, p, ct);
                Console.Error.WriteLine($"Digest {p.Key} for {subscription.Email} ({subscription.Status}): {plan.Items.Count} papers.");
                if (mail is null)
                {
                    Console.Error.WriteLine("Nothing new for this subscriber in that period: no digest would be sent.");
                    return 0;
                }
                Console.WriteLine($"Subject: {mail.Subject}");
                foreach (var (name, value) in mail.Headers)
                {
                    Console.WriteLine($"{name}: {value}");
                }
                Console.WriteLine();
                Console.WriteLine(parse.GetValue(html) ? mail.Html : mail.Text);
                return 0;
            }, ct);
        });
        return command;
    }

    private static bool TryDigestPeriod(string period, string? date, out DateOnly? day, out DigestFrequency frequency)
    {
        day = null;
        if (!DigestPeriod.TryParseFrequency(period, out frequency))
        {
            Console.Error.WriteLine($"error: --period must be daily or weekly, not '{period}'.");
            return false;
        }
        if (date is null)
        {
            return true;
        }
        if (DateOnly.TryParseExact(date, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var parsed))
        {
            day = parsed;
            return true;
        }
        Console.Error.WriteLine($"error: --date must be a day as yyyy-MM-dd, not '{date}'.");
        return false;
    }

    private static DateOnly Today(IServiceProvider services)
    {
        var zone = services.GetRequiredService<IOptions<DigestOptions>>().Value.Zone;
        return DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(services.GetRequiredService<TimeProvider>().GetUtcNow(), zone).DateTime);
    }

    private static DateOnly PreviousWeekday(DateOnly day)
    {
        while (day.DayOfWeek is DayOfWeek.Saturday or DayOfWeek.Sunday)
        {
            day = day.AddDays(-1);
        }
        return day;
    }

    /// <summary>Migrates if configured to, and brings this process's search index up to date (topics and personal picks search it).</summary>
    private static async Task PrepareAsync(IServiceProvider services, CancellationToken ct)
    {
        if (services.GetRequiredService<IOptions<DatabaseOptions>>().Value.MigrateOnStart)
        {
            await services.GetRequiredService<MigrationRunner>().MigrateAsync(ct);
        }
        await services.GetRequiredService<SearchIndexSync>().SyncAsync(ct);
    }
}

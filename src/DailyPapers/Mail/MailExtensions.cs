using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using MimeKit;

namespace DailyPapers.Mail;

public static class MailExtensions
{
    /// <summary>
    /// Registers <see cref="IMailTransport"/> (SMTP when <c>Mail:Smtp:Host</c> is set, else the pickup folder)
    /// and <see cref="MailComposer"/>. Safe to call more than once.
    /// </summary>
    public static IServiceCollection AddMail(this IServiceCollection services)
    {
        if (services.Any(d => d.ServiceType == typeof(IMailTransport)))
        {
            return services;
        }
        services.AddOptions<MailOptions>()
            .BindConfiguration("Mail")
            .Validate(o => MailboxAddress.TryParse(o.From, out _), "Mail:From must be a mail address, e.g. \"DailyPapers <papers@example.org>\".")
            .Validate(o => o.Smtp.Port is > 0 and < 65536, "Mail:Smtp:Port must be a TCP port.")
            .Validate(o => o.Smtp.MaxAttempts >= 1 && o.Smtp.MessagesPerSecond >= 0 && o.Smtp.RetryDelay >= TimeSpan.Zero,
                "Mail:Smtp:MaxAttempts must be at least 1; MessagesPerSecond and RetryDelay must not be negative.")
            .Validate(o => o.Smtp.IsConfigured || !string.IsNullOrWhiteSpace(o.PickupDirectory),
                "Set Mail:Smtp:Host or Mail:PickupDirectory.")
            .ValidateOnStart();
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton<MailComposer>();
        services.AddMetrics();
        services.TryAddSingleton<MailMetrics>();
        services.AddSingleton<IMailTransport>(sp =>
        {
            var options = sp.GetRequiredService<IOptions<MailOptions>>().Value;
            var clock = sp.GetRequiredService<TimeProvider>();
            var metrics = sp.GetRequiredService<MailMetrics>();
            return options.Smtp.IsConfigured
                ? new SmtpMailTransport(options.Smtp, clock, sp.GetRequiredService<ILogger<SmtpMailTransport>>(), metrics)
                : new PickupDirectoryMailTransport(options.PickupDirectory, clock, sp.GetRequiredService<ILogger<PickupDirectoryMailTransport>>(), metrics);
        });
        return services;
    }
}

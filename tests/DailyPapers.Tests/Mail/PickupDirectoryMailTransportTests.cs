using DailyPapers.Mail;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using MimeKit;

namespace DailyPapers.Tests.Mail;

public sealed class PickupDirectoryMailTransportTests
{
    [Fact]
    public async Task Without_an_SMTP_host_messages_become_parseable_eml_files_in_the_pickup_folder()
    {
        var folder = Path.Combine(Path.GetTempPath(), "dailypapers-tests", "pickup-" + Guid.NewGuid().ToString("N"));
        await using var services = MailServices(new() { ["Mail:PickupDirectory"] = folder });
        try
        {
            var transport = services.GetRequiredService<IMailTransport>();
            Assert.IsType<PickupDirectoryMailTransport>(transport);

            var deliveries = await transport.SendAllAsync([MailTestParts.Digest("one@example.org", 1), MailTestParts.Digest("two@example.org", 2)]);

            Assert.All(deliveries, d => Assert.Equal(MailOutcome.Sent, d.Outcome));
            var files = Directory.GetFiles(folder).Order(StringComparer.Ordinal).ToList();
            Assert.Equal(2, files.Count);
            Assert.All(files, f => Assert.EndsWith(".eml", f, StringComparison.Ordinal));
            var messages = await Task.WhenAll(files.Select(f => MimeMessage.LoadAsync(f)));
            var two = messages.Single(m => m.To.Mailboxes.Single().Address == "two@example.org");
            Assert.Equal("Trending papers #2", two.Subject);
            Assert.Contains("plain text part", two.TextBody, StringComparison.Ordinal);
            Assert.Contains("<b>2</b>", two.HtmlBody, StringComparison.Ordinal);
            Assert.Equal("List-Unsubscribe=One-Click", two.Headers["List-Unsubscribe-Post"]);
        }
        finally
        {
            if (Directory.Exists(folder))
            {
                Directory.Delete(folder, recursive: true);
            }
        }
    }

    /// <summary>The mail services as the app registers them, from these settings.</summary>
    internal static ServiceProvider MailServices(Dictionary<string, string?> settings)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        return new ServiceCollection().AddSingleton<IConfiguration>(configuration).AddLogging().AddMail().BuildServiceProvider();
    }
}

using System.Diagnostics;
using DailyPapers.Mail;
using Microsoft.Extensions.DependencyInjection;

namespace DailyPapers.Tests.Mail;

/// <summary>The SMTP transport against a real SMTP server in the test process.</summary>
public sealed class SmtpMailTransportTests
{
    [Fact]
    public async Task Many_messages_go_over_one_reused_connection_with_their_parts_and_headers()
    {
        await using var receiver = await SmtpReceiver.StartAsync();
        await using var services = PickupDirectoryMailTransportTests.MailServices(new()
        {
            ["Mail:Smtp:Host"] = receiver.Host,
            ["Mail:Smtp:Port"] = receiver.Port.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Mail:Smtp:UseTls"] = "false",
        });
        var transport = Assert.IsType<SmtpMailTransport>(services.GetRequiredService<IMailTransport>());

        var deliveries = await transport.SendAllAsync(Enumerable.Range(1, 12).Select(n => MailTestParts.Digest($"r{n}@example.org", n)));

        Assert.All(deliveries, d => Assert.Equal((MailOutcome.Sent, 1), (d.Outcome, d.Attempts)));
        Assert.Equal(1, receiver.Connections);
        Assert.Equal(12, receiver.Messages.Count);
        Assert.Equal(Enumerable.Range(1, 12).Select(n => $"r{n}@example.org"), receiver.Messages.Select(m => m.To));
        var fifth = receiver.Messages[4].Message;
        Assert.Equal("Trending papers #5", fifth.Subject);
        Assert.Contains("<b>5</b>", fifth.HtmlBody, StringComparison.Ordinal);
        Assert.Contains("plain text part", fifth.TextBody, StringComparison.Ordinal);
        Assert.Equal("<https://papers.example.org/unsubscribe/token-5>", fifth.Headers["List-Unsubscribe"]);
        Assert.Equal("List-Unsubscribe=One-Click", fifth.Headers["List-Unsubscribe-Post"]);
        Assert.Equal(deliveries[4].MessageId, fifth.MessageId);
    }

    [Fact]
    public async Task A_transient_4xx_is_retried_with_backoff_on_the_same_connection()
    {
        await using var receiver = await SmtpReceiver.StartAsync();
        receiver.FailNextMessages(2, 451);
        await using var session = MailTestParts.Smtp(receiver).OpenSession();

        var first = await session.SendAsync(MailTestParts.Digest("retry@example.org", 1));
        var second = await session.SendAsync(MailTestParts.Digest("retry@example.org", 2));

        Assert.Equal((MailOutcome.Sent, 3), (first.Outcome, first.Attempts));
        Assert.Equal((MailOutcome.Sent, 1), (second.Outcome, second.Attempts));
        Assert.Equal(["Trending papers #1", "Trending papers #2"], receiver.Messages.Select(m => m.Message.Subject));
        Assert.Equal(1, receiver.Connections);
    }

    [Fact]
    public async Task A_permanent_5xx_is_reported_for_that_message_and_the_session_goes_on()
    {
        await using var receiver = await SmtpReceiver.StartAsync();
        receiver.RefuseRecipient("gone@example.org");
        await using var session = MailTestParts.Smtp(receiver).OpenSession();

        var good = await session.SendAsync(MailTestParts.Digest("good@example.org", 1));
        var gone = await session.SendAsync(MailTestParts.Digest("gone@example.org", 2));
        receiver.FailNextMessages(1, 554);
        var refused = await session.SendAsync(MailTestParts.Digest("good@example.org", 3));
        var after = await session.SendAsync(MailTestParts.Digest("good@example.org", 4));

        Assert.Equal(MailOutcome.Sent, good.Outcome);
        Assert.Equal((MailOutcome.RecipientRejected, 1, 550), (gone.Outcome, gone.Attempts, gone.SmtpStatus));
        Assert.Equal((MailOutcome.Rejected, 1, 554), (refused.Outcome, refused.Attempts, refused.SmtpStatus));
        Assert.Equal(MailOutcome.Sent, after.Outcome);
        Assert.Equal(["Trending papers #1", "Trending papers #4"], receiver.Messages.Select(m => m.Message.Subject));
        Assert.Equal(1, receiver.Connections);
    }

    [Fact]
    public async Task Transient_failures_on_every_try_come_back_as_failed_not_as_an_exception()
    {
        await using var receiver = await SmtpReceiver.StartAsync();
        receiver.FailNextMessages(3, 450);
        await using var session = MailTestParts.Smtp(receiver, o => o.MaxAttempts = 3).OpenSession();

        var delivery = await session.SendAsync(MailTestParts.Digest("busy@example.org"));

        Assert.Equal((MailOutcome.Failed, 3, 450), (delivery.Outcome, delivery.Attempts, delivery.SmtpStatus));
        Assert.Empty(receiver.Messages);
    }

    [Fact]
    public async Task A_lost_connection_fails_the_message_while_the_relay_is_down_and_reconnects_when_it_is_back()
    {
        await using var receiver = await SmtpReceiver.StartAsync();
        await using var session = MailTestParts.Smtp(receiver, o => o.MaxAttempts = 2).OpenSession();

        var before = await session.SendAsync(MailTestParts.Digest("a@example.org", 1));
        await receiver.StopAsync();
        var down = await session.SendAsync(MailTestParts.Digest("a@example.org", 2));
        await receiver.RestartAsync();
        var back = await session.SendAsync(MailTestParts.Digest("a@example.org", 3));

        Assert.Equal(MailOutcome.Sent, before.Outcome);
        Assert.Equal((MailOutcome.Failed, 2), (down.Outcome, down.Attempts));
        Assert.NotNull(down.Error);
        Assert.Equal(MailOutcome.Sent, back.Outcome);
        Assert.Equal(["Trending papers #1", "Trending papers #3"], receiver.Messages.Select(m => m.Message.Subject));
        Assert.Equal(2, receiver.Connections);
    }

    [Fact]
    public async Task Messages_are_paced_at_the_configured_rate()
    {
        await using var receiver = await SmtpReceiver.StartAsync();
        var transport = MailTestParts.Smtp(receiver, o => o.MessagesPerSecond = 20);

        var clock = Stopwatch.StartNew();
        var deliveries = await transport.SendAllAsync(Enumerable.Range(1, 6).Select(n => MailTestParts.Digest("paced@example.org", n)));
        clock.Stop();

        Assert.All(deliveries, d => Assert.True(d.Succeeded));
        // Six messages at 20 a second: five gaps of at least 50 ms (a lower bound, however fast the machine).
        Assert.True(clock.Elapsed >= TimeSpan.FromMilliseconds(240), $"took {clock.Elapsed.TotalMilliseconds} ms");
    }

    [Fact]
    public void Retry_delays_double_up_to_a_minute()
    {
        var session = new SmtpMailSession(new SmtpOptions { RetryDelay = TimeSpan.FromSeconds(2) }, TimeProvider.System,
            Microsoft.Extensions.Logging.Abstractions.NullLogger.Instance);

        Assert.Equal([2, 4, 8, 16, 32, 60, 60], Enumerable.Range(1, 7).Select(a => session.RetryDelay(a).TotalSeconds));
    }
}

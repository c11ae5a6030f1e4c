using System.Diagnostics.CodeAnalysis;
using System.Net.Sockets;
using MailKit;
using MailKit.Net.Smtp;
using MailKit.Security;
using MimeKit;

namespace DailyPapers.Mail;

/// <summary>
/// One SMTP connection, opened on the first message and kept for the next ones (a digest sends thousands),
/// paced at <see cref="SmtpOptions.MessagesPerSecond"/>. A 4xx answer or a lost connection is retried with
/// doubling delays (reconnecting when needed); a 5xx answer is final for that message and the session goes on.
/// </summary>
internal sealed class SmtpMailSession(SmtpOptions options, TimeProvider clock, ILogger logger, MailMetrics? metrics = null) : IMailSession
{
    private static readonly TimeSpan MaxRetryDelay = TimeSpan.FromMinutes(1);

    private readonly SmtpClient _client = new() { Timeout = (int)options.Timeout.TotalMilliseconds };
    private long? _lastSend;

    public async Task<MailDelivery> SendAsync(MimeMessage message, CancellationToken ct = default)
    {
        var delivery = await DeliverAsync(message, ct);
        metrics?.Delivered(delivery);
        return delivery;
    }

    private async Task<MailDelivery> DeliverAsync(MimeMessage message, CancellationToken ct)
    {
        await PaceAsync(ct);
        for (var attempt = 1; ; attempt++)
        {
            string error;
            int? status = null;
            try
            {
                await EnsureConnectedAsync(ct);
                await _client.SendAsync(message, ct);
                return new MailDelivery(MailOutcome.Sent, attempt, message.MessageId);
            }
            catch (SmtpCommandException e) when ((int)e.StatusCode >= 500)
            {
                var outcome = e.ErrorCode == SmtpErrorCode.RecipientNotAccepted ? MailOutcome.RecipientRejected : MailOutcome.Rejected;
                logger.LogWarning("SMTP refused mail to {To} for good: {Status} {Error}", message.To.ToString(), (int)e.StatusCode, e.Message);
                return new MailDelivery(outcome, attempt, message.MessageId, (int)e.StatusCode, e.Message);
            }
            catch (SmtpCommandException e)
            {
                // 4xx: the relay is busy or greylisting; the connection itself is still good.
                (error, status) = (e.Message, (int)e.StatusCode);
            }
            catch (Exception e) when (e is IOException or SocketException or SmtpProtocolException or ServiceNotConnectedException or TimeoutException
                                      || (e is OperationCanceledException && !ct.IsCancellationRequested))
            {
                error = e.Message;
                await DisconnectQuietlyAsync();
            }
            catch (Exception e) when (e is AuthenticationException or SslHandshakeException or ServiceNotAuthenticatedException or NotSupportedException)
            {
                // The relay's settings are wrong (credentials, TLS): no retry helps, but the caller may try again later.
                logger.LogError("SMTP relay {Host}:{Port} refused the session: {Error}", options.Host, options.Port, e.Message);
                await DisconnectQuietlyAsync();
                return new MailDelivery(MailOutcome.Failed, attempt, message.MessageId, null, e.Message);
            }
            if (attempt >= options.MaxAttempts)
            {
                logger.LogWarning("SMTP gave up on mail to {To} after {Attempts} tries: {Status} {Error}", message.To.ToString(), attempt, status, error);
                return new MailDelivery(MailOutcome.Failed, attempt, message.MessageId, status, error);
            }
            var delay = RetryDelay(attempt);
            logger.LogInformation("SMTP try {Attempt} for {To} failed ({Status} {Error}); retrying in {Delay}", attempt, message.To.ToString(), status, error, delay);
            await Task.Delay(delay, clock, ct);
        }
    }

    /// <summary>The wait after the given failed try: RetryDelay, then twice that, and so on, at most a minute.</summary>
    internal TimeSpan RetryDelay(int failedAttempt)
    {
        var ticks = options.RetryDelay.Ticks * Math.Pow(2, failedAttempt - 1);
        return ticks >= MaxRetryDelay.Ticks ? MaxRetryDelay : TimeSpan.FromTicks((long)ticks);
    }

    private async Task PaceAsync(CancellationToken ct)
    {
        if (options.MessagesPerSecond <= 0)
        {
            return;
        }
        if (_lastSend is { } last)
        {
            var wait = TimeSpan.FromSeconds(1 / options.MessagesPerSecond) - clock.GetElapsedTime(last);
            if (wait > TimeSpan.Zero)
            {
                await Task.Delay(wait, clock, ct);
            }
        }
        _lastSend = clock.GetTimestamp();
    }

    [SuppressMessage("Reliability", "CA2000", Justification = "The SMTP client owns the socket once connected; it is disposed here if connecting fails.")]
    private async Task EnsureConnectedAsync(CancellationToken ct)
    {
        if (_client.IsConnected)
        {
            return;
        }
        var security = !options.UseTls ? SecureSocketOptions.None
            : options.Port == 465 ? SecureSocketOptions.SslOnConnect
            : SecureSocketOptions.StartTls;
        // Our own socket with Nagle's algorithm off: MailKit leaves it on, and the small write that ends each
        // message then waits for the relay's delayed ACK, about 40 ms per message (23 messages/s on loopback).
        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            using var connectTimeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
            connectTimeout.CancelAfter(options.Timeout);
            try
            {
                await socket.ConnectAsync(options.Host!, options.Port, connectTimeout.Token);
            }
            catch (OperationCanceledException) when (!ct.IsCancellationRequested)
            {
                throw new TimeoutException($"Connecting to {options.Host}:{options.Port} took longer than {options.Timeout}.");
            }
            await _client.ConnectAsync(socket, options.Host!, options.Port, security, ct);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
        if (!string.IsNullOrEmpty(options.User))
        {
            await _client.AuthenticateAsync(options.User, options.Password ?? "", ct);
        }
        logger.LogDebug("Connected to SMTP relay {Host}:{Port}", options.Host, options.Port);
    }

    private async Task DisconnectQuietlyAsync()
    {
        try
        {
            if (_client.IsConnected)
            {
                using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5));
                await _client.DisconnectAsync(quit: true, timeout.Token);
            }
        }
        catch (Exception e) when (e is IOException or SocketException or SmtpProtocolException or OperationCanceledException or ServiceNotConnectedException)
        {
            // Already gone; the next message connects afresh.
        }
    }

    public async ValueTask DisposeAsync()
    {
        await DisconnectQuietlyAsync();
        _client.Dispose();
    }
}

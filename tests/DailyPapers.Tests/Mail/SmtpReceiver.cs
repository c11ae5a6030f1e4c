using System.Buffers;
using System.Collections.Concurrent;
using System.IO.Pipelines;
using System.Net;
using System.Net.Sockets;
using System.Security.Authentication;
using System.Security.Cryptography.X509Certificates;
using MimeKit;
using SmtpServer;
using SmtpServer.IO;
using SmtpServer.Mail;
using SmtpServer.Net;
using SmtpServer.Protocol;
using SmtpServer.Storage;

namespace DailyPapers.Tests.Mail;

/// <summary>One message as the receiver got it: the envelope, the session it came in, and the parsed MIME message.</summary>
public sealed record ReceivedMail(MimeMessage Message, string EnvelopeFrom, IReadOnlyList<string> EnvelopeTo, Guid SessionId)
{
    public string To => EnvelopeTo[0];
}

/// <summary>
/// A real SMTP server (the SmtpServer library) in the test process, on a loopback port: it keeps every message
/// it accepts (parsed with MimeKit), counts connections, and can be told to answer the next DATA commands with a
/// transient error or to refuse recipients. Accepted sockets get NoDelay: with Nagle's algorithm on, each message
/// stalls ~40 ms. Stopping drops open connections, as a crashed relay would; start again on the same port.
/// </summary>
public sealed class SmtpReceiver : IAsyncDisposable
{
    private readonly ConcurrentQueue<ReceivedMail> _messages = new();
    private readonly ConcurrentQueue<int> _dataFailures = new();
    private readonly ConcurrentDictionary<string, bool> _refused = new(StringComparer.OrdinalIgnoreCase);
    private readonly ConcurrentDictionary<TcpClient, Guid> _connections = new();
    private SmtpServer.SmtpServer? _server;
    private CancellationTokenSource? _stop;
    private Task? _running;
    private int _sessions;
    private int _stopAfter = int.MaxValue;
    private int _holdAfter = int.MaxValue;
    private int _held;
    private TaskCompletionSource _release = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private bool _keep = true;
    private int _count;
    private long _bytes;
    private readonly ConcurrentDictionary<string, int> _perRecipient = new(StringComparer.OrdinalIgnoreCase);

    private SmtpReceiver()
    {
    }

    public int Port { get; private set; }

    public string Host { get; } = "127.0.0.1";

    /// <summary>Connections accepted since the start (each SMTP session is one connection).</summary>
    public int Connections => Volatile.Read(ref _sessions);

    public IReadOnlyList<ReceivedMail> Messages => [.. _messages];

    /// <summary>Messages accepted (kept or only counted).</summary>
    public int Count => Volatile.Read(ref _count);

    /// <summary>Bytes of the messages accepted.</summary>
    public long Bytes => Interlocked.Read(ref _bytes);

    /// <summary>Recipients that got more than one message.</summary>
    public int RepeatedRecipients => _perRecipient.Count(r => r.Value > 1);

    /// <summary>The app settings that send mail here.</summary>
    public IReadOnlyDictionary<string, string?> Settings => new Dictionary<string, string?>
    {
        ["Mail:Smtp:Host"] = Host,
        ["Mail:Smtp:Port"] = Port.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["Mail:Smtp:UseTls"] = "false",
        ["Mail:Smtp:RetryDelay"] = "00:00:00.050",
    };

    /// <param name="keepMessages">False for benchmarks: count messages, bytes and repeated recipients, but keep and parse nothing.</param>
    public static async Task<SmtpReceiver> StartAsync(int port = 0, bool keepMessages = true)
    {
        var receiver = new SmtpReceiver { _keep = keepMessages };
        await receiver.ListenAsync(port);
        return receiver;
    }

    /// <summary>Answers the next <paramref name="count"/> messages' DATA with <paramref name="code"/> (e.g. 451) instead of keeping them.</summary>
    public void FailNextMessages(int count, int code = 451)
    {
        for (var i = 0; i < count; i++)
        {
            _dataFailures.Enqueue(code);
        }
    }

    /// <summary>
    /// Crashes after <paramref name="count"/> messages in all: the next MAIL FROM drops every connection and stops
    /// the server (as a relay that dies would), so that message and the ones after it are not delivered.
    /// </summary>
    public void StopAfter(int count) => Volatile.Write(ref _stopAfter, count);

    /// <summary>
    /// After <paramref name="count"/> messages, leaves the next MAIL FROM unanswered until <see cref="ReleaseHeld"/>: the
    /// sender sits mid-run with nothing in flight, for a test to kill it there. A held message is never accepted.
    /// </summary>
    public void HoldAfter(int count)
    {
        _release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        Volatile.Write(ref _holdAfter, count);
    }

    /// <summary>Sessions waiting at a held MAIL FROM.</summary>
    public int Held => Volatile.Read(ref _held);

    /// <summary>Lets held sessions go on (their senders may be gone) and holds no more.</summary>
    public void ReleaseHeld()
    {
        Volatile.Write(ref _holdAfter, int.MaxValue);
        _release.TrySetResult();
    }

    /// <summary>Refuses RCPT TO for this address with 550 from now on.</summary>
    public void RefuseRecipient(string address) => _refused[address] = true;

    public void Clear()
    {
        _messages.Clear();
        _perRecipient.Clear();
    }

    /// <summary>Waits until a message matching <paramref name="match"/> arrives (5 s by default).</summary>
    public async Task<ReceivedMail> WaitForAsync(Func<ReceivedMail, bool> match, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(5));
        while (true)
        {
            var found = _messages.FirstOrDefault(match);
            if (found is not null)
            {
                return found;
            }
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"No matching message arrived; {_messages.Count} received.");
            }
            await Task.Delay(20);
        }
    }

    /// <summary>Stops listening and drops every open connection.</summary>
    public async Task StopAsync()
    {
        if (_server is null)
        {
            return;
        }
        await _stop!.CancelAsync();
        foreach (var client in _connections.Keys)
        {
            client.Dispose();
        }
        try
        {
            await _running!.WaitAsync(TimeSpan.FromSeconds(10));
        }
        catch (OperationCanceledException)
        {
        }
        _stop.Dispose();
        _server = null;
    }

    /// <summary>Starts again after <see cref="StopAsync"/>, on the same port.</summary>
    public Task RestartAsync() => ListenAsync(Port);

    public async ValueTask DisposeAsync() => await StopAsync();

    private async Task ListenAsync(int port)
    {
        var listeners = new NoDelayListenerFactory(this);
        var services = new SmtpServer.ComponentModel.ServiceProvider();
        services.Add(listeners);
        services.Add(new Store(this));
        services.Add(new RecipientFilter(this));
        var options = new SmtpServerOptionsBuilder()
            .ServerName("test-receiver")
            .Endpoint(e => e.Endpoint(new IPEndPoint(IPAddress.Loopback, port)))
            .Build();
        _server = new SmtpServer.SmtpServer(options, services);
        _server.SessionCreated += (_, _) => Interlocked.Increment(ref _sessions);
        _stop = new CancellationTokenSource();
        _running = _server.StartAsync(_stop.Token);
        Port = await listeners.Started.Task.WaitAsync(TimeSpan.FromSeconds(10));
    }

    private sealed class Store(SmtpReceiver receiver) : IMessageStore
    {
        public Task<SmtpResponse> SaveAsync(ISessionContext context, IMessageTransaction transaction, ReadOnlySequence<byte> buffer, CancellationToken cancellationToken)
        {
            if (receiver._dataFailures.TryDequeue(out var code))
            {
                return Task.FromResult(new SmtpResponse((SmtpReplyCode)code, "test receiver: not now, try again later"));
            }
            Interlocked.Add(ref receiver._bytes, buffer.Length);
            foreach (var to in transaction.To)
            {
                receiver._perRecipient.AddOrUpdate(to.AsAddress(), 1, (_, n) => n + 1);
            }
            if (receiver._keep)
            {
                using var stream = new MemoryStream(buffer.ToArray());
                var message = MimeMessage.Load(stream, cancellationToken);
                receiver._messages.Enqueue(new ReceivedMail(
                    message, transaction.From.AsAddress(), transaction.To.Select(t => t.AsAddress()).ToList(), context.SessionId));
            }
            Interlocked.Increment(ref receiver._count);
            return Task.FromResult(SmtpResponse.Ok);
        }
    }

    private sealed class RecipientFilter(SmtpReceiver receiver) : IMailboxFilter
    {
        public async Task<bool> CanAcceptFromAsync(ISessionContext context, IMailbox from, int size, CancellationToken cancellationToken)
        {
            if (receiver.Count >= Volatile.Read(ref receiver._holdAfter))
            {
                Interlocked.Increment(ref receiver._held);
                try
                {
                    await receiver._release.Task.WaitAsync(cancellationToken);
                }
                catch (OperationCanceledException)
                {
                }
                Interlocked.Decrement(ref receiver._held);
                return false;
            }
            if (receiver.Count >= Volatile.Read(ref receiver._stopAfter))
            {
                Volatile.Write(ref receiver._stopAfter, int.MaxValue);
                // Drop this session's connection before anything answers its MAIL FROM (the sender then sees a lost
                // connection, never a reply a stopping server might give), then stop the whole server.
                foreach (var (client, session) in receiver._connections)
                {
                    if (session == context.SessionId)
                    {
                        client.Dispose();
                    }
                }
                _ = Task.Run(receiver.StopAsync, CancellationToken.None);
                await Task.Delay(Timeout.Infinite, cancellationToken);
            }
            return true;
        }

        public Task<bool> CanDeliverToAsync(ISessionContext context, IMailbox to, IMailbox from, CancellationToken cancellationToken) =>
            Task.FromResult(!receiver._refused.ContainsKey(to.AsAddress()));
    }

    private sealed class NoDelayListenerFactory(SmtpReceiver receiver) : IEndpointListenerFactory
    {
        public TaskCompletionSource<int> Started { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public IEndpointListener CreateListener(IEndpointDefinition endpointDefinition)
        {
            var listener = new TcpListener(endpointDefinition.Endpoint);
            listener.Server.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.ReuseAddress, true);
            listener.Start();
            Started.TrySetResult(((IPEndPoint)listener.LocalEndpoint).Port);
            return new NoDelayListener(receiver, listener);
        }
    }

    private sealed class NoDelayListener(SmtpReceiver receiver, TcpListener listener) : IEndpointListener
    {
        public async Task<ISecurableDuplexPipe> GetPipeAsync(ISessionContext context, CancellationToken cancellationToken)
        {
            var client = await listener.AcceptTcpClientAsync(cancellationToken);
            client.NoDelay = true;
            receiver._connections[client] = context.SessionId;
            return new ClientPipe(client, () => receiver._connections.TryRemove(client, out _));
        }

        public void Dispose() => listener.Stop();
    }

    /// <summary>A plain (no TLS) duplex pipe over an accepted connection.</summary>
    private sealed class ClientPipe : ISecurableDuplexPipe
    {
        private readonly TcpClient _client;
        private readonly Action _closed;

        public ClientPipe(TcpClient client, Action closed)
        {
            _client = client;
            _closed = closed;
            var stream = client.GetStream();
            Input = PipeReader.Create(stream);
            Output = PipeWriter.Create(stream);
        }

        public PipeReader Input { get; }

        public PipeWriter Output { get; }

        public bool IsSecure => false;

        public SslProtocols SslProtocol => SslProtocols.None;

        public Task UpgradeAsync(X509Certificate certificate, SslProtocols protocols, CancellationToken cancellationToken = default) =>
            throw new NotSupportedException("The test receiver speaks plain SMTP only.");

        public void Dispose()
        {
            _client.Dispose();
            _closed();
        }
    }
}

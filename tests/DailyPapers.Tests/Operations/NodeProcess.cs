using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace DailyPapers.Tests.Operations;

/// <summary>
/// A DailyPapers web node as a real process: the built DailyPapers.dll with <c>--urls http://127.0.0.1:PORT</c>, its
/// settings as environment variables, its own working folder (search index, mail pickup, default key file) and a log
/// file. <see cref="Kill"/> is kill -9; <see cref="StartAsync"/> again brings it back on the same port.
/// </summary>
public sealed class NodeProcess : IAsyncDisposable
{
    private readonly Dictionary<string, string?> _settings;
    private readonly StringBuilder _log = new();
    private Process? _process;

    public NodeProcess(string name, string folder, IReadOnlyDictionary<string, string?> settings, int? port = null)
    {
        Name = name;
        Folder = folder;
        Directory.CreateDirectory(folder);
        Port = port ?? FreePort();
        _settings = new Dictionary<string, string?>(settings);
        // As TestApp: no node reaches arXiv, and the demo's month of new papers only where a test asks for it.
        _settings.TryAdd("Harvest:Enabled", "false");
        _settings.TryAdd("Arxiv:OaiUrl", Support.TestApp.ClosedPortUrl + "/oai");
        _settings.TryAdd("Arxiv:ApiUrl", Support.TestApp.ClosedPortUrl + "/api/query");
        _settings.TryAdd("Demo:NewPapers", "false");
    }

    public string Name { get; }
    public string Folder { get; }
    public int Port { get; }
    public string Url => $"http://127.0.0.1:{Port}";
    public int? Pid => _process is { HasExited: false } p ? p.Id : null;
    public bool IsRunning => _process is { HasExited: false };

    /// <summary>What the node wrote to stdout and stderr (all its runs), for failure messages.</summary>
    public string Log
    {
        get
        {
            lock (_log)
            {
                return _log.ToString();
            }
        }
    }

    public static int FreePort()
    {
        using var socket = new TcpListener(IPAddress.Loopback, 0);
        socket.Start();
        return ((IPEndPoint)socket.LocalEndpoint).Port;
    }

    /// <summary>Starts the node (again) and waits until <c>/healthz</c> answers 200.</summary>
    public async Task StartAsync(TimeSpan? timeout = null)
    {
        var psi = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = Folder,
        };
        psi.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "DailyPapers.dll"));
        psi.ArgumentList.Add("--urls");
        psi.ArgumentList.Add(Url);
        foreach (var (k, v) in _settings)
        {
            psi.Environment[k.Replace(":", "__", StringComparison.Ordinal)] = v;
        }
        psi.Environment["DOTNET_gcServer"] = "0";
        Append($"--- {Name} starting on {Url}");
        _process = Process.Start(psi)!;
        _process.OutputDataReceived += (_, e) => Append(e.Data);
        _process.ErrorDataReceived += (_, e) => Append(e.Data);
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
        await WaitHealthyAsync(timeout ?? TimeSpan.FromMinutes(5));
    }

    /// <summary>Waits until <c>/healthz</c> says 200, or fails with the node's log.</summary>
    public async Task WaitHealthyAsync(TimeSpan timeout)
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(10) };
        var deadline = Stopwatch.StartNew();
        while (true)
        {
            if (_process is null || _process.HasExited)
            {
                Assert.Fail($"{Name} exited ({_process?.ExitCode}) before it was healthy:\n{Tail()}");
            }
            try
            {
                if ((await http.GetAsync(Url + "/healthz")).StatusCode == HttpStatusCode.OK)
                {
                    return;
                }
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
            {
            }
            Assert.True(deadline.Elapsed < timeout, $"{Name} was not healthy within {timeout}:\n{Tail()}");
            await Task.Delay(100);
        }
    }

    /// <summary>kill -9: the process dies on the spot, mid-request and mid-transaction.</summary>
    public void Kill()
    {
        if (_process is { HasExited: false } p)
        {
            Append($"--- {Name} killed (SIGKILL)");
            p.Kill(entireProcessTree: true);
            p.WaitForExit();
        }
    }

    /// <summary>The last lines of the log.</summary>
    public string Tail(int lines = 60) => string.Join('\n', Log.Split('\n').TakeLast(lines));

    private void Append(string? line)
    {
        if (line is null)
        {
            return;
        }
        lock (_log)
        {
            _log.AppendLine(line);
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_process is { HasExited: false } p)
        {
            p.Kill(entireProcessTree: true);
            await p.WaitForExitAsync();
        }
        _process?.Dispose();
    }
}

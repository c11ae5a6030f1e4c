using System.Diagnostics;
using System.Globalization;
using Npgsql;

namespace DailyPapers.Tests.Operations;

/// <summary>
/// A PostgreSQL cluster of the test's own (not the shared one ./test.sh starts for everyone), made like test.sh's
/// <c>start_postgres</c> (initdb, as the postgres user when root), which the test may stop (fast or immediate), start
/// again on the same port, or freeze with SIGSTOP and thaw with SIGCONT. Commits are synchronous, as in production:
/// an acknowledged write must survive an immediate stop.
/// </summary>
public sealed class LocalPostgres : IAsyncDisposable
{
    private readonly string _bin;
    private readonly string _root;
    private readonly bool _asPostgres;

    private LocalPostgres(string bin, string root, bool asPostgres, int port)
    {
        _bin = bin;
        _root = root;
        _asPostgres = asPostgres;
        Port = port;
    }

    public int Port { get; }

    public string AdminConnectionString => $"Host=127.0.0.1;Port={Port};Username=postgres;Database=postgres;Timeout=5";

    public string Data => Path.Combine(_root, "data");

    public static async Task<LocalPostgres> StartAsync()
    {
        var bin = Directory.Exists("/usr/lib/postgresql")
            ? Directory.GetDirectories("/usr/lib/postgresql").Select(d => Path.Combine(d, "bin")).Where(d => File.Exists(Path.Combine(d, "initdb")))
                .OrderBy(d => Version.Parse(Path.GetFileName(Path.GetDirectoryName(d))!.Split('.')[0] + ".0")).LastOrDefault()
            : null;
        Assert.True(bin is not null, "No PostgreSQL server in /usr/lib/postgresql/*/bin (./test.sh installs it)");
        // Under /tmp: the postgres user must reach it, and the socket path must stay short.
        var root = Directory.CreateTempSubdirectory("dp-pg-").FullName;
        var asPostgres = Environment.UserName == "root";
        if (asPostgres)
        {
            await RunAsync("chown", ["postgres", root]);
        }
        var pg = new LocalPostgres(bin, root, asPostgres, NodeProcess.FreePort());
        await pg.ServerAsync("initdb", ["-D", pg.Data, "-U", "postgres", "-A", "trust", "-E", "UTF8", "--locale=C.UTF-8", "--no-sync"]);
        await pg.StartAgainAsync();
        return pg;
    }

    /// <summary>Starts the stopped server again on the same port and waits until it takes connections.</summary>
    public Task StartAgainAsync() => ServerAsync("pg_ctl", ["-D", Data, "-l", Path.Combine(_root, "server.log"), "-w", "-t", "60", "-o",
        $"-c listen_addresses=127.0.0.1 -p {Port.ToString(CultureInfo.InvariantCulture)} -k {_root} -c fsync=off -c max_connections=200", "start"]);

    /// <summary><c>pg_ctl stop -m fast</c> (sessions ended, clean shutdown) or <c>-m immediate</c> (every process killed, recovery at the next start).</summary>
    public Task StopAsync(string mode) => ServerAsync("pg_ctl", ["-D", Data, "-m", mode, "-w", "-t", "60", "stop"]);

    /// <summary>SIGSTOP to the postmaster and every process it started: the server neither answers nor drops a connection.</summary>
    public Task PauseAsync() => SignalAsync("-STOP");

    /// <summary>SIGCONT to the same processes: the server goes on where it stood.</summary>
    public Task ResumeAsync() => SignalAsync("-CONT");

    private async Task SignalAsync(string signal)
    {
        var postmaster = int.Parse((await File.ReadAllLinesAsync(Path.Combine(Data, "postmaster.pid")))[0], CultureInfo.InvariantCulture);
        var pids = new List<int> { postmaster };
        foreach (var stat in Directory.GetDirectories("/proc").Where(d => int.TryParse(Path.GetFileName(d), out _)))
        {
            try
            {
                // /proc/PID/stat: "pid (comm) state ppid …"; comm may hold spaces, so read after the last ')'.
                var text = await File.ReadAllTextAsync(Path.Combine(stat, "stat"));
                var fields = text[(text.LastIndexOf(')') + 2)..].Split(' ');
                if (int.Parse(fields[1], CultureInfo.InvariantCulture) == postmaster)
                {
                    pids.Add(int.Parse(Path.GetFileName(stat), CultureInfo.InvariantCulture));
                }
            }
            catch (IOException)
            {
                // A process that ended meanwhile.
            }
        }
        await RunAsync("kill", [signal, .. pids.Select(p => p.ToString(CultureInfo.InvariantCulture))]);
    }

    /// <summary>A new, empty database on this server.</summary>
    public async Task<string> CreateDatabaseAsync()
    {
        var name = $"dp_{Guid.NewGuid():N}";
        await using (var connection = new NpgsqlConnection(AdminConnectionString))
        {
            await connection.OpenAsync();
            await using var cmd = new NpgsqlCommand($"CREATE DATABASE {name}", connection);
            await cmd.ExecuteNonQueryAsync();
        }
        return new NpgsqlConnectionStringBuilder(AdminConnectionString) { Database = name }.ToString();
    }

    private Task ServerAsync(string program, string[] args) => _asPostgres
        ? RunAsync("runuser", ["-u", "postgres", "--", Path.Combine(_bin, program), .. args], _root)
        : RunAsync(Path.Combine(_bin, program), args, _root);

    private static async Task RunAsync(string program, string[] args, string? folder = null)
    {
        var psi = new ProcessStartInfo(program) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false, WorkingDirectory = folder ?? "/" };
        foreach (var a in args)
        {
            psi.ArgumentList.Add(a);
        }
        using var process = Process.Start(psi)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        Assert.True(process.ExitCode == 0, $"{program} {string.Join(' ', args)} failed ({process.ExitCode}): {await error}{await output}");
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            await ResumeAsync();
            await StopAsync("immediate");
        }
        catch (Exception e) when (e is IOException or Xunit.Sdk.XunitException)
        {
            // Already stopped.
        }
        try
        {
            Directory.Delete(_root, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}

using System.Diagnostics;

namespace DailyPapers.Tests.Operations;

/// <summary>A verb of the program (<c>dotnet DailyPapers.dll VERB …</c>) running as its own process, which a test may kill -9.</summary>
public sealed class VerbProcess : IDisposable
{
    private readonly Process _process;
    private readonly Task<string> _out;
    private readonly Task<string> _err;

    private VerbProcess(Process process)
    {
        _process = process;
        _out = process.StandardOutput.ReadToEndAsync();
        _err = process.StandardError.ReadToEndAsync();
    }

    public bool HasExited => _process.HasExited;

    public static VerbProcess Start(IReadOnlyDictionary<string, string?> settings, params string[] args)
    {
        var psi = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        psi.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "DailyPapers.dll"));
        foreach (var a in args)
        {
            psi.ArgumentList.Add(a);
        }
        foreach (var (k, v) in settings)
        {
            psi.Environment[k.Replace(":", "__", StringComparison.Ordinal)] = v;
        }
        return new VerbProcess(Process.Start(psi)!);
    }

    /// <summary>Runs the verb to its end (at most 3 minutes): its exit code, stdout and stderr.</summary>
    public static async Task<(int Exit, string Out, string Err)> RunAsync(IReadOnlyDictionary<string, string?> settings, params string[] args)
    {
        using var verb = Start(settings, args);
        return await verb.WaitAsync();
    }

    public async Task<(int Exit, string Out, string Err)> WaitAsync()
    {
        await _process.WaitForExitAsync().WaitAsync(TimeSpan.FromMinutes(3));
        return (_process.ExitCode, await _out, await _err);
    }

    /// <summary>kill -9, then what it had written.</summary>
    public async Task<string> KillAsync()
    {
        _process.Kill(entireProcessTree: true);
        await _process.WaitForExitAsync();
        return await _out + await _err;
    }

    public void Dispose()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
        }
        _process.Dispose();
    }
}

using System.Diagnostics;

namespace DailyPapers.Tests.Operations;

/// <summary>
/// A small tmpfs mounted for one test (as root: <c>mount -t tmpfs -o size=…</c>), to fill up: a ballast file takes every
/// free byte, and deleting it frees the space again.
/// </summary>
public sealed class SmallDisk : IAsyncDisposable
{
    private SmallDisk(string path) => Path = path;

    public string Path { get; }

    private string Ballast => System.IO.Path.Combine(Path, "ballast");

    public static async Task<SmallDisk> MountAsync(int megabytes)
    {
        var path = Directory.CreateTempSubdirectory("dailypapers-small-disk-").FullName;
        var (exit, error) = await RunAsync("mount", "-t", "tmpfs", "-o", $"size={megabytes}m", "tmpfs", path);
        Assert.True(exit == 0, $"Could not mount a {megabytes} MB tmpfs at {path} ({error}): these tests need root (CI runs them as root).");
        return new SmallDisk(path);
    }

    /// <summary>Takes every free byte but <paramref name="leave"/> with the ballast file.</summary>
    public async Task FillAsync(long leave = 0)
    {
        var chunk = new byte[64 * 1024];
        await using var ballast = new FileStream(Ballast, FileMode.Append, FileAccess.Write, FileShare.None, 1, FileOptions.WriteThrough);
        try
        {
            while (new DriveInfo(Path).AvailableFreeSpace > leave)
            {
                var room = new DriveInfo(Path).AvailableFreeSpace - leave;
                await ballast.WriteAsync(chunk.AsMemory(0, (int)Math.Min(chunk.Length, Math.Max(room, 1))));
            }
        }
        catch (IOException) when (leave == 0)
        {
            // ENOSPC: full, as asked.
        }
    }

    public void Free() => File.Delete(Ballast);

    public long FreeBytes => new DriveInfo(Path).AvailableFreeSpace;

    public async ValueTask DisposeAsync()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        await RunAsync("umount", "-l", Path);
        try
        {
            Directory.Delete(Path);
        }
        catch (IOException)
        {
        }
    }

    private static async Task<(int Exit, string Error)> RunAsync(string program, params string[] args)
    {
        var psi = new ProcessStartInfo(program) { RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in args)
        {
            psi.ArgumentList.Add(a);
        }
        try
        {
            using var process = Process.Start(psi)!;
            var error = await process.StandardError.ReadToEndAsync();
            await process.WaitForExitAsync();
            return (process.ExitCode, error);
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            return (-1, e.Message);
        }
    }
}

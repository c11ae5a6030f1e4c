using DailyPapers.Search;
using Microsoft.Extensions.Logging.Abstractions;

namespace DailyPapers.Tests.Search;

/// <summary>A node's index files read once into the page cache at start (<see cref="PageCacheWarmup"/>).</summary>
public sealed class PageCacheWarmupTests
{
    private static string NewFolder() =>
        Directory.CreateDirectory(Path.Combine(Path.GetTempPath(), "dailypapers-warmup-tests", Guid.NewGuid().ToString("N"))).FullName;

    [Fact]
    public async Task Files_are_read_to_their_last_byte_and_a_missing_one_is_skipped_not_thrown()
    {
        var folder = NewFolder();
        await using var cleanup = new TemporaryFolder(folder);
        var path = Path.Combine(folder, "rows.f32");
        var bytes = new byte[(5 << 19) + 17]; // two and a half reads of a megabyte
        new Random(7).NextBytes(bytes);
        await File.WriteAllBytesAsync(path, bytes);

        Assert.Equal(bytes.Length, await PageCacheWarmup.Start([path], NullLogger.Instance, CancellationToken.None));
        Assert.Equal(bytes.Length, await PageCacheWarmup.Start([Path.Combine(folder, "missing.f32"), path], NullLogger.Instance, CancellationToken.None));
        Assert.Equal(bytes, await File.ReadAllBytesAsync(path)); // read, never written
    }

    [Fact]
    public async Task Files_the_page_cache_cannot_hold_are_left_to_searches()
    {
        var folder = NewFolder();
        await using var cleanup = new TemporaryFolder(folder);
        var (small, large) = (Path.Combine(folder, "a.tim"), Path.Combine(folder, "b.doc"));
        await File.WriteAllBytesAsync(small, new byte[1000]);
        await File.WriteAllBytesAsync(large, new byte[5000]);

        // Four fifths of 5,000 bytes hold the first file, not both.
        Assert.Equal(1000, await PageCacheWarmup.Start([small, large], NullLogger.Instance, memory: 5000, CancellationToken.None));
        Assert.Equal(6000, await PageCacheWarmup.Start([small, large], NullLogger.Instance, memory: null, CancellationToken.None));
        Assert.True(PageCacheWarmup.AvailableMemory() is null or > 0);
    }

    [Fact]
    public async Task A_stopping_node_stops_the_read()
    {
        var folder = NewFolder();
        await using var cleanup = new TemporaryFolder(folder);
        var path = Path.Combine(folder, "rows.f32");
        await File.WriteAllBytesAsync(path, new byte[3 << 20]);
        using var stopping = new CancellationTokenSource();
        await stopping.CancelAsync();

        Assert.Equal(0, PageCacheWarmup.Read(path, stopping.Token));
        Assert.Equal(0, await PageCacheWarmup.Start([path, path], NullLogger.Instance, stopping.Token));
    }
}

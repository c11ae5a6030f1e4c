using DailyPapers.Papers;
using DailyPapers.Search;
using DailyPapers.Search.Sync;
using DailyPapers.Storage;
using DailyPapers.Tests.Operations;
using DailyPapers.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace DailyPapers.Tests.Search;

/// <summary>
/// A search index folder has one writer on the machine. Another process started on a running node's folder (here the
/// <c>index snapshot</c> verb, as an operator would run it beside the node) is refused it, instead of opening a second
/// writer there (Lucene.Net's own lock is shared between processes on Linux: the verb published from the node's folder,
/// and a second writer's start deletes the files the first has not committed yet); the node goes on indexing. A node
/// that had to build a private vector folder removes it when it stops.
/// </summary>
public sealed class IndexFolderLockTests : IDisposable
{
    private readonly string _root = Path.Combine(Path.GetTempPath(), "dailypapers-lock-tests", Guid.NewGuid().ToString("N"));

    [Fact]
    public async Task Another_process_is_refused_a_running_nodes_index_folder_and_the_node_goes_on()
    {
        await using var db = await TestDatabase.CreateAsync(nameof(DatabaseProvider.Sqlite));
        var folder = Path.Combine(_root, "index");
        // The node's vectors are elsewhere, so that only the keyword folder's lock can refuse the verb.
        await using var node = db.Services(configure: s => s.Configure<SearchOptions>(o =>
        {
            o.IndexPath = folder;
            o.VectorPath = Path.Combine(_root, "node-vectors");
        }));
        var store = node.GetRequiredService<PaperStore>();
        foreach (var paper in SearchTestPapers.All.Take(SearchTestPapers.All.Count - 1))
        {
            await store.UpsertAsync(paper);
        }
        var sync = node.GetRequiredService<SearchIndexSync>();
        await sync.SyncAsync(CancellationToken.None);

        var snapshots = Path.Combine(_root, "snapshots");
        var settings = new Dictionary<string, string?>(db.Settings)
        {
            ["Search:IndexPath"] = folder,
            ["Search:EmbedInBackground"] = "false",
        };
        var (exit, output, error) = await VerbProcess.RunAsync(settings, "index", "snapshot", "--out", snapshots);
        Assert.True(exit == 1, $"exit {exit}: {output}{error}");
        Assert.Contains($"the search index folder {folder} is in use", error, StringComparison.Ordinal);
        Assert.False(Directory.Exists(snapshots) && Directory.EnumerateFileSystemEntries(snapshots).Any());

        // The node still writes its folder: the last paper is indexed, committed and found with the others.
        await store.UpsertAsync(SearchTestPapers.All[^1]);
        await sync.SyncAsync(CancellationToken.None);
        var keyword = node.GetRequiredService<SearchIndexes>().Keyword!;
        Assert.Equal(SearchTestPapers.All.Count, keyword.Count);
        Assert.Contains(keyword.Search(SearchQuery.Parse(SearchTestPapers.All[^1].Title), SearchFilter.None, 10).Hits, h => h.Id == SearchTestPapers.All[^1].ArxivId);
    }

    /// <summary>
    /// A node whose configured vector folder another holds builds a private one beside its keyword index, and removes it
    /// when it stops; private folders left before (each a whole copy of the vectors) are removed at start when no process
    /// holds them, while one that is held, or a folder the node did not name, stays.
    /// </summary>
    [Fact]
    public async Task A_private_vector_folder_goes_with_its_node_and_those_left_before_are_removed_at_start()
    {
        await using var db = await TestDatabase.CreateAsync(nameof(DatabaseProvider.Sqlite));
        var (a, b) = (Path.Combine(_root, "a"), Path.Combine(_root, "b"));
        var left = LeftPrivateFolder(b);
        var held = LeftPrivateFolder(b);
        var other = LeftPrivateFolder(b, "vectors-of-an-operator");
        using var holder = new FileStream(Path.Combine(held, "lock"), FileMode.Open, FileAccess.ReadWrite, FileShare.None);

        await using var first = db.Services(configure: s => s.Configure<SearchOptions>(o => o.IndexPath = a));
        await first.GetRequiredService<SearchIndexes>().OpenAsync(CancellationToken.None);
        string mine;
        await using (var second = db.Services(configure: s => s.Configure<SearchOptions>(o =>
        {
            o.IndexPath = b;
            o.VectorPath = Path.Combine(a, "vectors");
        })))
        {
            var indexes = second.GetRequiredService<SearchIndexes>();
            await indexes.OpenAsync(CancellationToken.None);
            Assert.True(indexes.PrivateFolder);
            mine = indexes.VectorFolderPath;
            Assert.StartsWith(Path.Combine(b, "vectors-"), mine, StringComparison.Ordinal);
            Assert.True(Directory.Exists(mine));
            Assert.False(Directory.Exists(left));
            Assert.True(Directory.Exists(held));
            Assert.True(Directory.Exists(other));
        }
        Assert.False(Directory.Exists(mine));
        Assert.True(Directory.Exists(held));
    }

    /// <summary>A vector folder as a process leaves it: its lock file and a file of vectors.</summary>
    private static string LeftPrivateFolder(string keywordFolder, string? name = null)
    {
        var folder = Directory.CreateDirectory(Path.Combine(keywordFolder, name ?? "vectors-" + Guid.NewGuid().ToString("N"))).FullName;
        File.WriteAllBytes(Path.Combine(folder, "lock"), []);
        File.WriteAllBytes(Path.Combine(folder, "rows.f32"), new byte[1536]);
        return folder;
    }

    public void Dispose()
    {
        if (Directory.Exists(_root))
        {
            Directory.Delete(_root, recursive: true);
        }
    }
}

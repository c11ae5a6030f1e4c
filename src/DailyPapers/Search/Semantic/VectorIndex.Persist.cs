using System.IO.Hashing;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using Cloud.Unum.USearch;

namespace DailyPapers.Search.Semantic;

public sealed partial class VectorIndex
{
    /// <summary>Bump when the files of a saved index change shape: a folder of another layout is emptied.</summary>
    private const int Layout = 2;
    private const string RowsFile = "rows.f32";
    private const string StateFile = "state.json";
    private const string LockFile = "lock";

    private readonly string? _folder;
    private FileStream? _folderLock;
    private readonly List<int> _freedSinceSave = [];
    private int _generation;
    private long _unsaved;
    private bool _graphChanged;

    /// <summary>What the caller saved with the index last time (its change-feed positions); empty for a new one.</summary>
    public IReadOnlyDictionary<string, string> SavedData { get; private set; } = new Dictionary<string, string>();

    /// <summary>Whether the graph came from disk at start instead of being built.</summary>
    public bool LoadedGraph { get; private set; }

    /// <summary>Whether anything changed since the last <see cref="Save"/> (always false in memory).</summary>
    public bool HasUnsavedChanges => _folder is not null && Read(() => _unsaved > 0 || (_graphChanged && _hnsw is not null));

    /// <summary>
    /// Opens the index saved in <paramref name="folder"/> (the vectors' file, their papers' facts and the HNSW graph,
    /// as the last <see cref="Save"/> left them), or an empty one there when nothing is saved, the saved index is of
    /// another layout or dimension, or <paramref name="fits"/> refuses what was saved with it. A graph saved at another
    /// precision is built again from the vectors, in the background as usual. Throws <see cref="IOException"/> when
    /// another index (of this process or another) has the folder open.
    /// </summary>
    public static VectorIndex OpenFolder(
        string folder, int dimensions, int hnswThreshold, VectorPrecision precision, Func<IReadOnlyDictionary<string, string>, bool> fits, ILogger? logger = null)
    {
        Directory.CreateDirectory(folder);
        // FileShare.None takes an exclusive lock on the file (flock on Linux): one index per folder.
        var folderLock = new FileStream(Path.Combine(folder, LockFile), FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
        try
        {
            var index = Open(folder, dimensions, hnswThreshold, precision, fits, logger);
            index._folderLock = folderLock;
            return index;
        }
        catch
        {
            folderLock.Dispose();
            throw;
        }
    }

    private static VectorIndex Open(
        string folder, int dimensions, int hnswThreshold, VectorPrecision precision, Func<IReadOnlyDictionary<string, string>, bool> fits, ILogger? logger)
    {
        var state = ReadState(folder);
        if (state is null || state.Layout != Layout || state.Dimensions != dimensions || !fits(state.Data))
        {
            if (state is not null)
            {
                logger?.LogInformation("The saved vector index in {Folder} is of another layout, model or database; building it again", folder);
            }
            foreach (var file in Directory.EnumerateFiles(folder).Where(f => Path.GetFileName(f) != LockFile))
            {
                File.Delete(file);
            }
            state = null;
        }
        var index = new VectorIndex(dimensions, hnswThreshold, logger, precision, VectorRows.OpenFile(Path.Combine(folder, RowsFile), dimensions), folder);
        try
        {
            if (state is not null && !index.TryLoad(state))
            {
                index.Dispose();
                File.Delete(Path.Combine(folder, StateFile));
                return Open(folder, dimensions, hnswThreshold, precision, fits, logger);
            }
            index._lock.EnterWriteLock();
            try
            {
                index.MaybeStartHnswBuild();
            }
            finally
            {
                index._lock.ExitWriteLock();
            }
            return index;
        }
        catch
        {
            index.Dispose();
            throw;
        }
    }

    private bool TryLoad(SavedState state)
    {
        if (_rows.StoredRows < state.Slots || !File.Exists(SlotsPath(state.Generation)) || Checksum(SlotsPath(state.Generation)) != state.SlotsChecksum)
        {
            _logger?.LogWarning("The saved vector index in {Folder} is incomplete or damaged (missing rows, or its papers' file is missing or fails its checksum); building it again from the database", _folder);
            return false;
        }
        try
        {
            ReadSlots(state);
        }
        catch (Exception e) when (e is EndOfStreamException or IOException or FormatException)
        {
            _logger?.LogWarning(e, "The saved vector index in {Folder} cannot be read; building it again from the database", _folder);
            return false;
        }
        if (state.Graph && state.Precision == Precision.ToString())
        {
            LoadGraph(state);
        }
        _generation = state.Generation;
        SavedData = state.Data;
        return true;
    }

    /// <summary>Reads the saved facts of every slot (the file's checksum was checked).</summary>
    private void ReadSlots(SavedState state)
    {
        using (var reader = new BinaryReader(new BufferedStream(File.OpenRead(SlotsPath(state.Generation)), 1 << 20), Encoding.UTF8))
        {
            if (reader.ReadInt32() != state.Slots)
            {
                throw new FormatException("The papers' file holds another number of slots than its state says.");
            }
            for (var slot = 0; slot < state.Slots; slot++)
            {
                var id = reader.ReadString();
                var day = reader.ReadInt32();
                var categories = reader.ReadString();
                var visible = reader.ReadBoolean();
                if (id.Length == 0)
                {
                    _slots.Add(new Slot(null, 0, [], false));
                    _free.Push(slot);
                    continue;
                }
                _slots.Add(new Slot(id, day, Intern(categories.Split(' ', StringSplitOptions.RemoveEmptyEntries)), visible));
                _byId[id] = slot;
                _visible += visible ? 1 : 0;
            }
        }
    }

    /// <summary>Loads the saved graph if its file is whole (its checksum is the one saved); else logs why it will be built again.</summary>
    private void LoadGraph(SavedState state)
    {
        var path = GraphPath(state.Generation);
        if (!File.Exists(path) || Checksum(path) != state.GraphChecksum)
        {
            _logger?.LogWarning("The saved HNSW graph {Path} is missing or fails its checksum (truncated, damaged or not this index's); building it again from the vectors", path);
            return;
        }
        try
        {
            _hnsw = new USearchIndex(path);
            if (_hnsw.Size() != (ulong)state.GraphSize || _hnsw.Dimensions() != (ulong)Dimensions)
            {
                _logger?.LogWarning("The saved HNSW graph {Path} holds {Size} vectors instead of {Expected}; building it again from the vectors", path, _hnsw.Size(), state.GraphSize);
                DisposeHnsw();
                return;
            }
            LoadedGraph = true;
        }
        catch (USearchException e)
        {
            _logger?.LogWarning(e, "The saved HNSW graph {Path} cannot be read; building it again from the vectors", path);
            DisposeHnsw();
        }
    }

    /// <summary>XXH3 of a whole file, as text (a saved file is checked against it before it is used).</summary>
    private static string Checksum(string path)
    {
        var hash = new XxHash3();
        using (var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 20))
        {
            hash.Append(stream);
        }
        return Convert.ToHexString(hash.GetCurrentHash());
    }

    /// <summary>
    /// Writes the facts of every slot and the graph next to the vectors' file, with <paramref name="data"/> (the
    /// change-feed positions they reflect), as a new generation that replaces the last only once complete. Searches
    /// go on meanwhile; writes wait. Slots freed since the last save are reused only after it, so the vectors' file,
    /// written in place between saves, never changes a row that a saved slot still names.
    /// </summary>
    public void Save(IReadOnlyDictionary<string, string> data)
    {
        if (_folder is null)
        {
            throw new InvalidOperationException("An index in memory is not saved.");
        }
        _lock.EnterUpgradeableReadLock();
        try
        {
            var generation = _generation + 1;
            _rows.Flush();
            using (var stream = new FileStream(SlotsPath(generation), FileMode.Create, FileAccess.Write, FileShare.None, 1 << 20))
            {
                using (var writer = new BinaryWriter(stream, Encoding.UTF8, leaveOpen: true))
                {
                    writer.Write(_slots.Count);
                    foreach (var slot in _slots)
                    {
                        writer.Write(slot.Id ?? "");
                        writer.Write(slot.Day);
                        writer.Write(string.Join(' ', slot.Categories));
                        writer.Write(slot.Visible);
                    }
                }
                stream.Flush(flushToDisk: true);
            }
            if (_hnsw is not null)
            {
                if (!_graphChanged && File.Exists(GraphPath(_generation)))
                {
                    File.Move(GraphPath(_generation), GraphPath(generation));
                }
                else
                {
                    _hnsw.Save(GraphPath(generation));
                    using var graph = new FileStream(GraphPath(generation), FileMode.Open, FileAccess.ReadWrite);
                    graph.Flush(flushToDisk: true);
                }
            }
            var state = new SavedState(Layout, Dimensions, Precision.ToString(), _slots.Count, generation, Checksum(SlotsPath(generation)),
                _hnsw is not null, _hnsw is null ? 0 : (long)_hnsw.Size(), _hnsw is null ? "" : Checksum(GraphPath(generation)), new Dictionary<string, string>(data));
            var temporary = Path.Combine(_folder, StateFile + ".tmp");
            using (var stream = new FileStream(temporary, FileMode.Create, FileAccess.Write))
            {
                JsonSerializer.Serialize(stream, state, SavedStateJson.Default.SavedState);
                stream.Flush(flushToDisk: true);
            }
            File.Move(temporary, Path.Combine(_folder, StateFile), overwrite: true);
            foreach (var old in Directory.EnumerateFiles(_folder, "*-*.*").Where(f => !Path.GetFileName(f).Contains($"-{generation}.", StringComparison.Ordinal)))
            {
                File.Delete(old);
            }
            _lock.EnterWriteLock();
            try
            {
                foreach (var slot in _freedSinceSave)
                {
                    _free.Push(slot);
                }
                _freedSinceSave.Clear();
                _generation = generation;
                _unsaved = 0;
                _graphChanged = false;
                SavedData = state.Data;
            }
            finally
            {
                _lock.ExitWriteLock();
            }
        }
        finally
        {
            _lock.ExitUpgradeableReadLock();
        }
    }

    /// <summary>Under the write lock: something to save changed.</summary>
    private void Changed() => _unsaved++;

    /// <summary>Under the write lock: a slot's occupant left (see <see cref="Save"/> for why a saved index waits before reusing it).</summary>
    private void Freed(int slot)
    {
        if (_folder is null)
        {
            _free.Push(slot);
        }
        else
        {
            _freedSinceSave.Add(slot);
        }
    }

    private string SlotsPath(int generation) => Path.Combine(_folder!, $"slots-{generation}.bin");

    private string GraphPath(int generation) => Path.Combine(_folder!, $"graph-{generation}.usearch");

    private static SavedState? ReadState(string folder)
    {
        var path = Path.Combine(folder, StateFile);
        if (!File.Exists(path))
        {
            return null;
        }
        try
        {
            using var stream = File.OpenRead(path);
            return JsonSerializer.Deserialize(stream, SavedStateJson.Default.SavedState);
        }
        catch (JsonException)
        {
            return null;
        }
    }
}

/// <summary>What <c>state.json</c> of a saved vector index says: which generation of files is whole, and what they hold.</summary>
internal sealed record SavedState(
    int Layout, int Dimensions, string Precision, int Slots, int Generation, string SlotsChecksum, bool Graph, long GraphSize, string GraphChecksum,
    Dictionary<string, string> Data);

[JsonSerializable(typeof(SavedState))]
internal sealed partial class SavedStateJson : JsonSerializerContext;

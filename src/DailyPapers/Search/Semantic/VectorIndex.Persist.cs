using static DailyPapers.Search.Semantic.VectorFolder;

namespace DailyPapers.Search.Semantic;

public sealed partial class VectorIndex
{
    private readonly string? _folder;
    private FileStream? _folderLock;
    private readonly Stack<int> _freedSinceSave = new();
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
        // One index per folder (TakeLock: an exclusive lock, across processes).
        var folderLock = TakeLock(folder);
        VectorIndex? index = null;
        try
        {
            var state = ReadState(folder);
            if (state is not null && (state.Layout != Layout || state.Dimensions != dimensions || !fits(state.Data)))
            {
                logger?.LogInformation("The saved vector index in {Folder} is of another layout, model or database; building it again", folder);
                state = null;
            }
            for (var attempt = 0; index is null; attempt++)
            {
                if (state is null || attempt > 0)
                {
                    Empty(folder);
                }
                index = new VectorIndex(dimensions, hnswThreshold, logger, precision, VectorRows.OpenFile(Path.Combine(folder, RowsFile), dimensions), folder);
                if (state is not null && attempt == 0 && !index.TryLoad(state))
                {
                    index.Dispose();
                    index = null;
                }
            }
            index._folderLock = folderLock;
            index.Write(index.MaybeStartHnswBuild);
            return index;
        }
        catch
        {
            index?.Dispose();
            folderLock.Dispose();
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
            _hnsw = HnswGraph.Load(GraphPath(state.Generation), state.GraphChecksum, state.GraphSize, Dimensions, _logger);
            LoadedGraph = _hnsw is not null;
        }
        _generation = state.Generation;
        SavedData = state.Data;
        return true;
    }

    /// <summary>Reads the saved facts of every slot (the file's checksum was checked).</summary>
    private void ReadSlots(SavedState state)
    {
        var slot = 0;
        foreach (var (id, day, categories, visible) in VectorFolder.ReadSlots(SlotsPath(state.Generation), state.Slots))
        {
            if (id.Length == 0)
            {
                _slots.Add(new Slot(null, 0, [], false));
                _free.Push(slot++);
                continue;
            }
            _slots.Add(new Slot(id, day, _categorySets.Intern(categories.Split(' ', StringSplitOptions.RemoveEmptyEntries)), visible));
            _byId[id] = slot++;
            _visible += visible ? 1 : 0;
        }
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
            WriteSlots(SlotsPath(generation), _slots.Count,
                _slots.Select(slot => new SlotFacts(slot.Id ?? "", slot.Day, string.Join(' ', slot.Categories), slot.Visible)));
            if (_hnsw is not null)
            {
                if (!_graphChanged && File.Exists(GraphPath(_generation)))
                {
                    File.Move(GraphPath(_generation), GraphPath(generation));
                }
                else
                {
                    HnswGraph.Save(_hnsw, GraphPath(generation));
                }
            }
            var state = new SavedState(Layout, Dimensions, Precision.ToString(), _slots.Count, generation, Checksum(SlotsPath(generation)),
                _hnsw is not null, _hnsw is null ? 0 : (long)_hnsw.Size(), _hnsw is null ? "" : Checksum(GraphPath(generation)), new Dictionary<string, string>(data));
            WriteState(_folder, state);
            _lock.EnterWriteLock();
            try
            {
                while (_freedSinceSave.Count > 0)
                {
                    _free.Push(_freedSinceSave.Pop());
                }
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

    /// <summary>Under the write lock: something to save changed, and searches may answer differently (<see cref="Version"/>).</summary>
    private void Changed()
    {
        _unsaved++;
        Interlocked.Increment(ref _version);
    }

    /// <summary>Under the write lock: a slot's occupant left (see <see cref="Save"/> for why a saved index waits before reusing it).</summary>
    private void Freed(int slot) => (_folder is null ? _free : _freedSinceSave).Push(slot);

    private string SlotsPath(int generation) => VectorFolder.SlotsPath(_folder!, generation);

    private string GraphPath(int generation) => VectorFolder.GraphPath(_folder!, generation);
}

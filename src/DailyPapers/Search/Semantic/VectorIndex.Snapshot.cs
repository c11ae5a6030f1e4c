using static DailyPapers.Search.Semantic.VectorFolder;

namespace DailyPapers.Search.Semantic;

public sealed partial class VectorIndex
{
    /// <summary>True while the HNSW graph is being built (a copy made now would have no graph).</summary>
    public bool BuildingHnsw => Read(() => _building);

    /// <summary>
    /// Writes the index as it is now into the empty folder <paramref name="target"/>, as a saved folder that
    /// <see cref="OpenFolder"/> loads (vectors, facts, graph, <paramref name="data"/>: the change-feed positions it
    /// reflects). Searches go on meanwhile; writes wait until the copy is done, so every file is of one moment
    /// (the rows file is written in place between saves, so the saved folder alone is not).
    /// </summary>
    public void CopyTo(string target, IReadOnlyDictionary<string, string> data)
    {
        if (_folder is null)
        {
            throw new InvalidOperationException("An index in memory is not copied.");
        }
        Directory.CreateDirectory(target);
        _lock.EnterUpgradeableReadLock();
        try
        {
            const int generation = 1;
            _rows.Flush();
            var rowBytes = (long)_slots.Count * Dimensions * sizeof(float);
            using (var source = new FileStream(Path.Combine(_folder, RowsFile), FileMode.Open, FileAccess.Read, FileShare.ReadWrite, 1 << 20))
            using (var copy = new FileStream(Path.Combine(target, RowsFile), FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 20))
            {
                CopyBytes(source, copy, rowBytes);
                copy.SetLength(rowBytes);
                copy.Flush(flushToDisk: true);
            }
            WriteSlots(VectorFolder.SlotsPath(target, generation), _slots.Count,
                _slots.Select(slot => new SlotFacts(slot.Id ?? "", slot.Day, string.Join(' ', slot.Categories), slot.Visible)));
            if (_hnsw is not null)
            {
                if (!_graphChanged && File.Exists(GraphPath(_generation)))
                {
                    File.Copy(GraphPath(_generation), VectorFolder.GraphPath(target, generation));
                }
                else
                {
                    HnswGraph.Save(_hnsw, VectorFolder.GraphPath(target, generation));
                }
            }
            var graph = VectorFolder.GraphPath(target, generation);
            WriteState(target, new SavedState(Layout, Dimensions, Precision.ToString(), _slots.Count, generation,
                Checksum(VectorFolder.SlotsPath(target, generation)), _hnsw is not null, _hnsw is null ? 0 : (long)_hnsw.Size(),
                _hnsw is null ? "" : Checksum(graph), new Dictionary<string, string>(data)));
        }
        finally
        {
            _lock.ExitUpgradeableReadLock();
        }
    }

    private static void CopyBytes(Stream source, Stream target, long count)
    {
        var buffer = new byte[1 << 20];
        while (count > 0)
        {
            var read = source.Read(buffer, 0, (int)Math.Min(buffer.Length, count));
            if (read == 0)
            {
                return;
            }
            target.Write(buffer, 0, read);
            count -= read;
        }
    }
}

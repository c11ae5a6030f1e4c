using System.IO.Hashing;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace DailyPapers.Search.Semantic;

/// <summary>
/// The files of a <see cref="VectorIndex"/> saved in a folder: <c>rows.f32</c> (the float32 vectors, written in
/// place), and per generation <c>slots-N.bin</c> (each slot's paper id, day, categories, visibility) and
/// <c>graph-N.usearch</c>, named with their XXH3 checksums by <c>state.json</c>, which is replaced last.
/// </summary>
internal static class VectorFolder
{
    /// <summary>Bump when the files change shape: a folder of another layout is emptied.</summary>
    public const int Layout = 2;
    public const string RowsFile = "rows.f32";
    public const string LockFile = "lock";
    public const string StateFile = "state.json";

    /// <summary>A slot's facts as the slots file holds them (id empty for a free slot).</summary>
    public readonly record struct SlotFacts(string Id, int Day, string Categories, bool Visible);

    public static string SlotsPath(string folder, int generation) => Path.Combine(folder, $"slots-{generation}.bin");

    public static string GraphPath(string folder, int generation) => Path.Combine(folder, $"graph-{generation}.usearch");

    /// <summary>The saved state, or null when there is none or it cannot be read.</summary>
    public static SavedState? ReadState(string folder)
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

    /// <summary>Replaces the state at once (written beside it, flushed, renamed), then deletes the files of other generations.</summary>
    public static void WriteState(string folder, SavedState state)
    {
        var temporary = Path.Combine(folder, StateFile + ".tmp");
        using (var stream = new FileStream(temporary, FileMode.Create, FileAccess.Write))
        {
            JsonSerializer.Serialize(stream, state, SavedStateJson.Default.SavedState);
            stream.Flush(flushToDisk: true);
        }
        File.Move(temporary, Path.Combine(folder, StateFile), overwrite: true);
        foreach (var old in Directory.EnumerateFiles(folder, "*-*.*").Where(f => !Path.GetFileName(f).Contains($"-{state.Generation}.", StringComparison.Ordinal)))
        {
            File.Delete(old);
        }
    }

    /// <summary>Takes the folder's lock (<see cref="Storage.ExclusiveLockFile"/>) until the stream is disposed.</summary>
    public static FileStream TakeLock(string folder, bool create = true) => Storage.ExclusiveLockFile.Take(Path.Combine(folder, LockFile), create);

    /// <summary>True when no index holds <paramref name="folder"/>: its lock file is there and can be taken (and is let go at once).</summary>
    public static bool Unused(string folder)
    {
        try
        {
            using var probe = TakeLock(folder, create: false);
            return true;
        }
        catch (IOException)
        {
            // Held by an index, or no lock file yet: a folder being opened right now.
            return false;
        }
    }

    /// <summary>Deletes every file but the lock (an index of another layout, model or database).</summary>
    public static void Empty(string folder)
    {
        foreach (var file in Directory.EnumerateFiles(folder).Where(f => Path.GetFileName(f) != LockFile))
        {
            File.Delete(file);
        }
    }

    public static void WriteSlots(string path, int count, IEnumerable<SlotFacts> slots)
    {
        using var stream = new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 20);
        using (var writer = new BinaryWriter(stream, Encoding.UTF8, leaveOpen: true))
        {
            writer.Write(count);
            foreach (var slot in slots)
            {
                writer.Write(slot.Id);
                writer.Write(slot.Day);
                writer.Write(slot.Categories);
                writer.Write(slot.Visible);
            }
        }
        stream.Flush(flushToDisk: true);
    }

    /// <summary>The slots of a file whose checksum was checked; throws <see cref="FormatException"/> or <see cref="EndOfStreamException"/> if it does not fit.</summary>
    public static IEnumerable<SlotFacts> ReadSlots(string path, int count)
    {
        using var reader = new BinaryReader(new BufferedStream(File.OpenRead(path), 1 << 20), Encoding.UTF8);
        if (reader.ReadInt32() != count)
        {
            throw new FormatException("The papers' file holds another number of slots than its state says.");
        }
        for (var slot = 0; slot < count; slot++)
        {
            yield return new SlotFacts(reader.ReadString(), reader.ReadInt32(), reader.ReadString(), reader.ReadBoolean());
        }
    }

    /// <summary>XXH3 of a whole file, as text (a saved file is checked against it before it is used).</summary>
    public static string Checksum(string path)
    {
        var hash = new XxHash3();
        using (var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 20))
        {
            hash.Append(stream);
        }
        return Convert.ToHexString(hash.GetCurrentHash());
    }
}

/// <summary>What <c>state.json</c> of a saved vector index says: which generation of files is whole, and what they hold.</summary>
internal sealed record SavedState(
    int Layout, int Dimensions, string Precision, int Slots, int Generation, string SlotsChecksum, bool Graph, long GraphSize, string GraphChecksum,
    Dictionary<string, string> Data);

[JsonSerializable(typeof(SavedState))]
internal sealed partial class SavedStateJson : JsonSerializerContext;

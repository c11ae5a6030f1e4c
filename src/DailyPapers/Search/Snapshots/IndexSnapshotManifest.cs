using System.Text.Json.Serialization;

namespace DailyPapers.Search.Snapshots;

/// <summary>
/// What <c>manifest.json</c> of a published index snapshot says: whose indexes these are (database, layouts, model),
/// the change-feed positions they reflect, and each file's size and XXH3 checksum, which a node seeding from it checks.
/// </summary>
public sealed record IndexSnapshotManifest
{
    /// <summary>Bump when the snapshot's own shape changes.</summary>
    public const int CurrentFormat = 1;

    public required int Format { get; init; }
    public required string Database { get; init; }
    public required string KeywordLayout { get; init; }
    public required int VectorLayout { get; init; }
    public required string Model { get; init; }
    public required int Dimensions { get; init; }
    public required string Precision { get; init; }
    public required int Papers { get; init; }
    public required int Vectors { get; init; }
    public required bool Graph { get; init; }
    /// <summary>The paper change feed's position both indexes reflect (<c>ChangeCursor</c> text).</summary>
    public required string PaperPosition { get; init; }
    /// <summary>The vector change feed's position the vector index reflects.</summary>
    public required string VectorPosition { get; init; }
    public required DateTimeOffset CreatedAt { get; init; }
    public required string Node { get; init; }
    public required IReadOnlyList<IndexSnapshotFile> Files { get; init; }

    [JsonIgnore]
    public long Bytes => Files.Sum(f => f.Size);
}

/// <summary>A file of a snapshot: its path inside the snapshot's folder (<c>keyword/…</c>, <c>vectors/…</c>), size and XXH3.</summary>
public sealed record IndexSnapshotFile(string Path, long Size, string Checksum);

[JsonSerializable(typeof(IndexSnapshotManifest))]
[JsonSourceGenerationOptions(WriteIndented = true, PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase)]
internal sealed partial class IndexSnapshotManifestJson : JsonSerializerContext;

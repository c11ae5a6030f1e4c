using System.Text.Json;
using DailyPapers.Ingest.Snapshot;
using DailyPapers.Papers;

namespace DailyPapers.Bench;

/// <summary>The reading side of an import, stage by stage, each over the whole file on one thread.</summary>
internal static class ParsingStages
{
    /// <summary>Each line's bytes deserialised by System.Text.Json (source-generated) and nothing else.</summary>
    public static int JsonOnly(string file) => EachLine(file, line =>
        JsonSerializer.Deserialize(line, SnapshotJsonContext.Default.SnapshotRecord) is null ? 0 : 1);

    /// <summary>Our parser: UTF-8 check, deserialise, validate, build the <see cref="Paper"/>.</summary>
    public static int Parser(string file) => EachLine(file, line =>
        SnapshotLineParser.Parse(line, 0).Paper is null ? 0 : 1);

    public static int ParserAndHash(string file) => EachLine(file, line =>
        SnapshotLineParser.Parse(line, 0).Paper is { } p ? PaperContentHash.Of(p).Length : 0);

    private delegate int LineWork(ReadOnlySpan<byte> line);

    private static int EachLine(string file, LineWork work)
    {
        using var stream = new FileStream(file, FileMode.Open, FileAccess.Read, FileShare.Read, 1, FileOptions.SequentialScan);
        var reader = new SnapshotLineReader(stream);
        var total = 0;
        while (reader.TryRead(out var line))
        {
            total += work(line.Bytes);
        }
        return total;
    }
}

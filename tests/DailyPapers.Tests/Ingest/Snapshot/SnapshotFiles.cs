using System.Text;

namespace DailyPapers.Tests.Ingest.Snapshot;

/// <summary>
/// Snapshot files for tests and the benchmark (which links this file): the 200 real lines of the Kaggle
/// snapshot, and larger files made by repeating them under new, unique ids.
/// </summary>
public static class SnapshotFiles
{
    public const string Head200 = "arxiv-metadata-oai-snapshot.head200.jsonl";

    /// <summary>The copy in the test fixtures (tests/DailyPapers.Tests/Fixtures/snapshot, CC0).</summary>
    public static string Head200Fixture => Path.Combine(AppContext.BaseDirectory, "Fixtures", "snapshot", Head200);

    /// <summary>The i-th made-up id (0-based): 9901.00001, 9901.00002, … then 9902.00001 after 99,999; unique to 1.2 M.</summary>
    public static string MadeUpId(int i) => $"99{1 + (i / 99_999):00}.{1 + (i % 99_999):00000}";

    /// <summary>Writes <paramref name="count"/> lines cycling through the source's lines, each under <see cref="MadeUpId"/>.</summary>
    public static void Replicate(string source, string destination, int count)
    {
        var lines = File.ReadAllLines(source, Encoding.UTF8).Where(l => l.Length > 0).ToArray();
        using var output = new StreamWriter(destination, append: false, new UTF8Encoding(false), 1 << 16) { NewLine = "\n" };
        for (var i = 0; i < count; i++)
        {
            output.WriteLine(WithId(lines[i % lines.Length], MadeUpId(i)));
        }
    }

    /// <summary>The line with its "id" value replaced; the rest of the bytes stay exactly as they were.</summary>
    public static string WithId(string line, string id)
    {
        const string prefix = "{\"id\":\"";
        if (!line.StartsWith(prefix, StringComparison.Ordinal))
        {
            throw new FormatException("A snapshot line starts with {\"id\":\"…\".");
        }
        var end = line.IndexOf('"', prefix.Length);
        return prefix + id + line[end..];
    }
}

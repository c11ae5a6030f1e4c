using System.Runtime.InteropServices;
using System.Text.Json;
using System.Text.RegularExpressions;
using DailyPapers.SearchBench;

namespace DailyPapers.Bench.Scale;

/// <summary>A real paper's text (and, for arxiv-daily papers, its id, date, authors and categories).</summary>
internal sealed record SourcePaper(
    string Title, string Abstract, string? Comment, string? Id = null, DateOnly? Listed = null,
    IReadOnlyList<string>? Authors = null, IReadOnlyList<string>? Categories = null);

/// <summary>
/// The real records in <c>../shared/data</c> the benchmark corpus is made of: arxiv-daily's 57,583 papers, the
/// 200 snapshot lines and the 5,000 titles and abstracts of <c>abstracts/</c>; the author names of the first two,
/// most frequent first; and the real MiniLM vectors of the arxiv-daily papers (a <c>.f32</c> file of float32 rows
/// and an <c>.ids</c> file naming them in order; rows missing at the end are tolerated).
/// </summary>
internal sealed partial class CorpusSources
{
    public const int Dimensions = 384;

    public required List<SourcePaper> Daily { get; init; }
    public required List<SourcePaper> Others { get; init; }
    public required List<string> Names { get; init; }
    public required HashSet<string> ReservedIds { get; init; }
    public required Dictionary<string, int> VectorRow { get; init; }
    public required float[] Vectors { get; init; }

    public ReadOnlySpan<float> Vector(int row) => Vectors.AsSpan(row * Dimensions, Dimensions);

    public static CorpusSources Read(string data, string vectorsWithoutExtension)
    {
        var daily = new List<SourcePaper>();
        foreach (var file in Directory.EnumerateFiles(Path.Combine(data, "arxiv-daily"), "*.jsonl").Order(StringComparer.Ordinal))
        {
            foreach (var line in File.ReadLines(file).Where(l => l.Length > 0))
            {
                using var json = JsonDocument.Parse(line);
                var r = json.RootElement;
                daily.Add(new SourcePaper(
                    r.GetProperty("title").GetString()!, r.GetProperty("summary").GetString()!, r.GetProperty("comment").GetString(),
                    r.GetProperty("id").GetString()!, DateOnly.Parse(r.GetProperty("listing_date").GetString()!, System.Globalization.CultureInfo.InvariantCulture),
                    r.GetProperty("authors").EnumerateArray().Select(a => a.GetString()!).ToList(),
                    // arxiv-daily lists MSC and ACM classes among the categories ("68T45 (Computer Vision)"): arXiv categories only.
                    r.GetProperty("categories").EnumerateArray().Select(c => c.GetString()!).Where(c => CategoryPattern().IsMatch(c)).ToList()));
            }
        }
        var others = new List<SourcePaper>();
        var snapshotNames = new List<string>();
        var reserved = new HashSet<string>(daily.Select(d => d.Id!), StringComparer.Ordinal);
        foreach (var line in File.ReadLines(Path.Combine(data, "arxiv-snapshot", "arxiv-metadata-oai-snapshot.head200.jsonl")).Where(l => l.Length > 0))
        {
            using var json = JsonDocument.Parse(line);
            var r = json.RootElement;
            reserved.Add(r.GetProperty("id").GetString()!);
            others.Add(new SourcePaper(r.GetProperty("title").GetString()!, r.GetProperty("abstract").GetString()!,
                r.GetProperty("comments").ValueKind == JsonValueKind.String ? r.GetProperty("comments").GetString() : null));
            snapshotNames.AddRange(r.GetProperty("authors_parsed").EnumerateArray()
                .Select(p => $"{p[1].GetString()} {p[0].GetString()}".Trim()));
        }
        foreach (var line in File.ReadLines(Path.Combine(data, "seed-papers.jsonl")).Where(l => l.Length > 0))
        {
            using var json = JsonDocument.Parse(line);
            reserved.Add(json.RootElement.GetProperty("arxiv_id").GetString()!);
        }
        using (var json = JsonDocument.Parse(File.ReadAllText(Path.Combine(data, "abstracts", "arxiv_abstracts_clean_3000.json"))))
        {
            others.AddRange(json.RootElement.EnumerateArray().Select(e => new SourcePaper(e.GetProperty("title").GetString() ?? "", e.GetProperty("summary").GetString() ?? "", null)));
        }
        others.AddRange(BenchCorpus.ReadCsv(Path.Combine(data, "abstracts", "arxiv_abstracts_2000.csv")).Skip(1)
            .Where(row => row.Count >= 3).Select(row => new SourcePaper(row[1], row[2], null)));
        others.RemoveAll(o => o.Title.Length == 0 || o.Abstract.Length == 0);

        var names = daily.SelectMany(d => d.Authors!).Concat(snapshotNames)
            .GroupBy(n => n, StringComparer.Ordinal).OrderByDescending(g => g.Count()).ThenBy(g => g.Key, StringComparer.Ordinal)
            .Select(g => g.Key).Where(n => n.Contains(' ', StringComparison.Ordinal)).ToList();

        var ids = File.ReadAllLines(vectorsWithoutExtension + ".ids");
        var bytes = File.ReadAllBytes(vectorsWithoutExtension + ".f32");
        var rows = Math.Min(ids.Length, bytes.Length / (Dimensions * sizeof(float)));
        var vectorRow = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < rows; i++)
        {
            vectorRow[ids[i]] = i;
        }
        return new CorpusSources
        {
            Daily = daily, Others = others, Names = names, ReservedIds = reserved, VectorRow = vectorRow,
            Vectors = MemoryMarshal.Cast<byte, float>(bytes.AsSpan(0, rows * Dimensions * sizeof(float))).ToArray(),
        };
    }

    [GeneratedRegex(@"^[a-z\-]+(\.[A-Za-z\-]+)?$")]
    private static partial Regex CategoryPattern();
}

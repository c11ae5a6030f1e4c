using System.Globalization;
using System.Text.Json;

namespace DailyPapers.Search.Eval;

/// <summary>A document of a BEIR corpus.</summary>
public sealed record BeirDocument(string Id, string Title, string Text);

/// <summary>
/// A retrieval benchmark in BEIR layout: <c>corpus.jsonl</c> (<c>_id</c>, <c>title</c>, <c>text</c>),
/// <c>queries.jsonl</c> (<c>_id</c>, <c>text</c>) and <c>qrels/SPLIT.tsv</c> (a header line, then
/// <c>query-id, corpus-id, score</c>). Only queries that have judgements in the split are kept.
/// </summary>
public sealed record BeirFolder
{
    public required string CorpusPath { get; init; }
    public required IReadOnlyList<BeirDocument> Corpus { get; init; }
    public required IReadOnlyDictionary<string, string> Queries { get; init; }

    /// <summary>Query id → (document id → graded relevance), for the split's judged queries.</summary>
    public required IReadOnlyDictionary<string, IReadOnlyDictionary<string, int>> Judgements { get; init; }

    public static string QrelsPath(string folder, string split) => Path.Combine(folder, "qrels", split + ".tsv");

    public static BeirFolder Read(string folder, string split)
    {
        var corpusPath = Path.Combine(folder, "corpus.jsonl");
        var corpus = ReadJsonLines(corpusPath)
            .Select(e => new BeirDocument(Text(e, "_id"), Text(e, "title"), Text(e, "text")))
            .ToList();
        var queries = ReadJsonLines(Path.Combine(folder, "queries.jsonl"))
            .ToDictionary(e => Text(e, "_id"), e => Text(e, "text"), StringComparer.Ordinal);
        var judgements = new Dictionary<string, Dictionary<string, int>>(StringComparer.Ordinal);
        foreach (var line in File.ReadLines(QrelsPath(folder, split)).Skip(1))
        {
            var parts = line.Split('\t');
            if (parts.Length < 3 || !queries.ContainsKey(parts[0]))
            {
                continue;
            }
            var score = int.Parse(parts[2], NumberStyles.Integer, CultureInfo.InvariantCulture);
            if (!judgements.TryGetValue(parts[0], out var docs))
            {
                judgements[parts[0]] = docs = new Dictionary<string, int>(StringComparer.Ordinal);
            }
            docs[parts[1]] = score;
        }
        return new BeirFolder
        {
            CorpusPath = corpusPath,
            Corpus = corpus,
            Queries = queries.Where(q => judgements.ContainsKey(q.Key)).ToDictionary(StringComparer.Ordinal),
            Judgements = judgements.ToDictionary(j => j.Key, j => (IReadOnlyDictionary<string, int>)j.Value, StringComparer.Ordinal),
        };
    }

    private static IEnumerable<JsonElement> ReadJsonLines(string path)
    {
        foreach (var line in File.ReadLines(path))
        {
            if (!string.IsNullOrWhiteSpace(line))
            {
                using var doc = JsonDocument.Parse(line);
                yield return doc.RootElement.Clone();
            }
        }
    }

    private static string Text(JsonElement e, string name) => e.TryGetProperty(name, out var v)
        ? v.ValueKind == JsonValueKind.String ? v.GetString() ?? "" : v.ToString()
        : "";
}

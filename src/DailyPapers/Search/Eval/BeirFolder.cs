using System.Globalization;
using System.Text.Json;

namespace DailyPapers.Search.Eval;

/// <summary>
/// A document of an evaluation corpus: its id, title and text, and the authors and categories when the corpus
/// has them (the Semantic Scholar sample's <c>metadata.author_names</c>, arXiv records).
/// </summary>
public sealed record BeirDocument(string Id, string Title, string Text)
{
    public IReadOnlyList<string> Authors { get; init; } = [];
    public IReadOnlyList<string> Categories { get; init; } = [];

    /// <summary>Days since 0001-01-01 of the paper's date, 0 when unknown.</summary>
    public int PublishedDay { get; init; }
}

/// <summary>
/// A retrieval benchmark in BEIR layout: <c>corpus.jsonl</c> (<c>_id</c>, <c>title</c>, <c>text</c>),
/// <c>queries.jsonl</c> (<c>_id</c>, <c>text</c>) and <c>qrels/SPLIT.tsv</c> (a header line, then
/// <c>query-id, corpus-id, score</c>). Only queries that have judgements in the split are kept. A line that is not
/// a JSON object with the layout's fields is refused with its line number (<see cref="EvalDataException"/>):
/// reading such a folder as if it were BEIR would measure a corpus of empty documents.
/// </summary>
public sealed record BeirFolder
{
    /// <summary>Identifies the corpus for the embedding cache: the corpus file's hash.</summary>
    public required string CorpusKey { get; init; }
    public required IReadOnlyList<BeirDocument> Corpus { get; init; }
    public required IReadOnlyDictionary<string, string> Queries { get; init; }

    /// <summary>Query id → (document id → graded relevance), for the split's judged queries.</summary>
    public required IReadOnlyDictionary<string, IReadOnlyDictionary<string, int>> Judgements { get; init; }

    public static string QrelsPath(string folder, string split) => Path.Combine(folder, "qrels", split + ".tsv");

    public static BeirFolder Read(string folder, string split)
    {
        var corpusPath = Path.Combine(folder, "corpus.jsonl");
        var corpus = ReadJsonLines(corpusPath, ["_id", "text"])
            .Select(e => new BeirDocument(Text(e, "_id"), Text(e, "title"), Text(e, "text")) { Authors = Authors(e) })
            .ToList();
        var queries = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var e in ReadJsonLines(Path.Combine(folder, "queries.jsonl"), ["_id", "text"]))
        {
            queries[Text(e, "_id")] = Text(e, "text");
        }
        var judgements = new Dictionary<string, Dictionary<string, int>>(StringComparer.Ordinal);
        var qrels = QrelsPath(folder, split);
        var number = 0;
        foreach (var line in File.ReadLines(qrels))
        {
            number++;
            if (number == 1 || string.IsNullOrWhiteSpace(line))
            {
                continue;
            }
            var parts = line.Split('\t');
            if (parts.Length < 3 || !int.TryParse(parts[2], NumberStyles.Integer, CultureInfo.InvariantCulture, out var score))
            {
                throw new EvalDataException(qrels, number, "expected three tab-separated fields: query-id, corpus-id and an integer score.");
            }
            if (!queries.ContainsKey(parts[0]))
            {
                continue;
            }
            if (!judgements.TryGetValue(parts[0], out var docs))
            {
                judgements[parts[0]] = docs = new Dictionary<string, int>(StringComparer.Ordinal);
            }
            docs[parts[1]] = score;
        }
        return new BeirFolder
        {
            CorpusKey = CorpusEmbeddingCache.FileHash(corpusPath),
            Corpus = corpus,
            Queries = queries.Where(q => judgements.ContainsKey(q.Key)).ToDictionary(StringComparer.Ordinal),
            Judgements = judgements.ToDictionary(j => j.Key, j => (IReadOnlyDictionary<string, int>)j.Value, StringComparer.Ordinal),
        };
    }

    /// <summary>Each non-blank line as a JSON object that has every one of <paramref name="required"/>.</summary>
    internal static IEnumerable<JsonElement> ReadJsonLines(string path, IReadOnlyList<string> required)
    {
        var number = 0;
        foreach (var line in File.ReadLines(path))
        {
            number++;
            if (string.IsNullOrWhiteSpace(line))
            {
                continue;
            }
            JsonElement element;
            try
            {
                using var doc = JsonDocument.Parse(line);
                element = doc.RootElement.Clone();
            }
            catch (JsonException e)
            {
                throw new EvalDataException(path, number, $"not JSON ({e.Message}).");
            }
            if (element.ValueKind != JsonValueKind.Object)
            {
                throw new EvalDataException(path, number, "not a JSON object.");
            }
            var missing = required.Where(name => !element.TryGetProperty(name, out var v) || v.ValueKind is JsonValueKind.Null or JsonValueKind.Object or JsonValueKind.Array).ToList();
            if (missing.Count > 0)
            {
                throw new EvalDataException(path, number, $"no {string.Join(" or ", missing.Select(m => $"\"{m}\""))} field (needs {string.Join(", ", required.Select(r => $"\"{r}\""))}).");
            }
            yield return element;
        }
    }

    internal static string Text(JsonElement e, string name) => e.TryGetProperty(name, out var v)
        ? v.ValueKind == JsonValueKind.String ? v.GetString() ?? "" : v.ValueKind == JsonValueKind.Null ? "" : v.ToString()
        : "";

    private static List<string> Authors(JsonElement e) =>
        e.TryGetProperty("metadata", out var meta) && meta.ValueKind == JsonValueKind.Object
        && meta.TryGetProperty("author_names", out var names) && names.ValueKind == JsonValueKind.Array
            ? names.EnumerateArray().Where(n => n.ValueKind == JsonValueKind.String).Select(n => n.GetString()!).ToList()
            : [];
}

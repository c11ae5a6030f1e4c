using System.Globalization;
using System.Text;
using System.Text.Json;
using DailyPapers.Search.Eval;

namespace DailyPapers.SearchBench;

/// <summary>A benchmark paper: text, authors and categories, and which real SciFact vector it derives from.</summary>
internal sealed record BenchPaper(string Id, string Title, string Abstract, string[] Authors, string[] Categories, int PublishedDay, string VectorSource, bool RealVector);

/// <summary>
/// Real abstracts (SciFact's 5,183 and 5,000 arXiv abstracts from ../shared/data) replicated with variation up
/// to the wanted size: a copy keeps its title but rotates its sentences and borrows one sentence of another
/// abstract, so term statistics change; authors, categories and dates are drawn from small pools.
/// </summary>
internal static class BenchCorpus
{
    private static readonly string[] Categories = ["cs.CL", "cs.LG", "cs.CV", "stat.ML", "q-bio.NC", "physics.optics", "math.PR", "hep-th", "astro-ph.GA", "cond-mat.str-el"];
    private static readonly string[] Names = ["Ada Lovelace", "Alan Turing", "Grace Hopper", "Claude Shannon", "Emmy Noether", "John Tukey", "Ronald Fisher", "Marie Curie", "Niels Bohr", "Lise Meitner"];

    public static List<(string Title, string Text, string? SciFactId)> ReadBase(string data)
    {
        var docs = BeirFolder.Read(Path.Combine(data, "scifact"), "train").Corpus.Select(d => (d.Title, d.Text, (string?)d.Id)).ToList();
        using (var json = JsonDocument.Parse(File.ReadAllText(Path.Combine(data, "abstracts", "arxiv_abstracts_clean_3000.json"))))
        {
            docs.AddRange(json.RootElement.EnumerateArray().Select(e => (e.GetProperty("title").GetString() ?? "", e.GetProperty("summary").GetString() ?? "", (string?)null)));
        }
        foreach (var row in ReadCsv(Path.Combine(data, "abstracts", "arxiv_abstracts_2000.csv")).Skip(1))
        {
            if (row.Count >= 3)
            {
                docs.Add((row[1], row[2], null));
            }
        }
        return docs.Where(d => d.Text.Length > 0).ToList();
    }

    public static List<BenchPaper> Make(List<(string Title, string Text, string? SciFactId)> docs, IReadOnlyList<string> sciFactIds, int size, int seed)
    {
        var random = new Random(seed);
        var papers = new List<BenchPaper>(size);
        for (var i = 0; i < size; i++)
        {
            var (title, text, sciFactId) = docs[i % docs.Count];
            if (i >= docs.Count)
            {
                var sentences = text.Split(". ", StringSplitOptions.RemoveEmptyEntries);
                var rotate = random.Next(sentences.Length);
                var borrowed = docs[random.Next(docs.Count)].Text.Split(". ", StringSplitOptions.RemoveEmptyEntries);
                text = string.Join(". ", sentences.Skip(rotate).Concat(sentences.Take(rotate)).Append(borrowed[random.Next(borrowed.Length)]));
            }
            papers.Add(new BenchPaper(
                $"b{i.ToString(CultureInfo.InvariantCulture)}",
                title,
                text,
                Enumerable.Range(0, 1 + random.Next(4)).Select(_ => Names[random.Next(Names.Length)]).Distinct().ToArray(),
                [Categories[random.Next(Categories.Length)]],
                new DateOnly(2015, 1, 1).DayNumber + random.Next(3650),
                // The real vector of this SciFact document, or a random real vector to perturb.
                i < docs.Count && sciFactId is not null ? sciFactId : sciFactIds[random.Next(sciFactIds.Count)],
                i < docs.Count && sciFactId is not null));
        }
        return papers;
    }

    /// <summary>A minimal RFC 4180 reader (quoted fields with commas, doubled quotes and line breaks).</summary>
    public static IEnumerable<List<string>> ReadCsv(string path)
    {
        var text = File.ReadAllText(path);
        var row = new List<string>();
        var field = new StringBuilder();
        var quoted = false;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (quoted)
            {
                if (c == '"' && i + 1 < text.Length && text[i + 1] == '"')
                {
                    field.Append('"');
                    i++;
                }
                else if (c == '"')
                {
                    quoted = false;
                }
                else
                {
                    field.Append(c);
                }
            }
            else if (c == '"')
            {
                quoted = true;
            }
            else if (c == ',')
            {
                row.Add(field.ToString());
                field.Clear();
            }
            else if (c == '\n')
            {
                row.Add(field.ToString().TrimEnd('\r'));
                field.Clear();
                yield return row;
                row = [];
            }
            else
            {
                field.Append(c);
            }
        }
        if (field.Length > 0 || row.Count > 0)
        {
            row.Add(field.ToString());
            yield return row;
        }
    }
}

using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using DailyPapers.Papers;

namespace DailyPapers.Search.Eval;

/// <summary>
/// A folder of arXiv records, one JSON object per line in <c>*.jsonl</c> files, as in
/// <c>../shared/data/arxiv-daily/</c>: <c>id</c>, <c>title</c>, <c>summary</c>, <c>authors</c> (list),
/// <c>categories</c> (list) and optionally <c>listing_date</c>. Titles and abstracts are turned into the text the
/// product indexes (<see cref="PaperText.Display"/>). A seeded sample keeps the same papers on every run.
/// </summary>
public static partial class ArxivDailyFolder
{
    private static readonly string[] Required = ["id", "title", "summary"];

    /// <summary>Whether the folder looks like this layout: <c>*.jsonl</c> files and no BEIR <c>corpus.jsonl</c>.</summary>
    public static bool Matches(string folder) =>
        !File.Exists(Path.Combine(folder, "corpus.jsonl")) && Directory.Exists(folder) && Directory.EnumerateFiles(folder, "*.jsonl").Any();

    /// <summary>
    /// Every record of the folder's files (in file-name order), or a sample of <paramref name="sample"/> of them
    /// drawn with <paramref name="seed"/>, ordered by id. The key names the sample for the embedding cache.
    /// </summary>
    [SuppressMessage("Security", "CA5394", Justification = "A seeded sample must repeat for the same seed; nothing secret comes of it.")]
    public static (IReadOnlyList<BeirDocument> Corpus, string Key) Read(string folder, int? sample, int seed)
    {
        var all = new List<BeirDocument>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var path in Directory.EnumerateFiles(folder, "*.jsonl").Order(StringComparer.Ordinal))
        {
            foreach (var e in BeirFolder.ReadJsonLines(path, Required))
            {
                var id = BeirFolder.Text(e, "id");
                if (seen.Add(id))
                {
                    all.Add(new BeirDocument(id, PaperText.Display(BeirFolder.Text(e, "title")), PaperText.Display(BeirFolder.Text(e, "summary")))
                    {
                        Authors = List(e, "authors"),
                        Categories = List(e, "categories").Where(c => CategoryShape().IsMatch(c)).ToList(),
                        PublishedDay = DateOnly.TryParseExact(BeirFolder.Text(e, "listing_date"), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var d)
                            ? d.DayNumber : 0,
                    });
                }
            }
        }
        var corpus = all;
        if (sample is { } n && n < all.Count)
        {
            var random = new Random(seed);
            corpus = all.Select(d => (d, random.NextDouble())).OrderBy(x => x.Item2).Take(n).Select(x => x.d)
                .OrderBy(d => d.Id, StringComparer.Ordinal).ToList();
        }
        return (corpus, Key(corpus));
    }

    /// <summary>A hash of what is embedded (ids, titles, texts): the sample's name in the embedding cache.</summary>
    private static string Key(IReadOnlyList<BeirDocument> corpus)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        foreach (var d in corpus)
        {
            hash.AppendData(Encoding.UTF8.GetBytes(d.Id + "\u001f" + d.Title + "\u001f" + d.Text + "\u001e"));
        }
        return "arxiv-" + Convert.ToHexString(hash.GetHashAndReset())[..16].ToLowerInvariant();
    }

    private static List<string> List(JsonElement e, string name) =>
        e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.Array
            ? v.EnumerateArray().Where(x => x.ValueKind == JsonValueKind.String).Select(x => x.GetString()!).ToList()
            : [];

    // arXiv categories (cs.CL, hep-th, cond-mat.str-el), not the MSC or ACM classes some records list with them.
    [GeneratedRegex(@"^[a-z]+(-[a-z]+)?(\.[A-Za-z]+(-[a-z]+)?)?$", RegexOptions.CultureInvariant)]
    private static partial Regex CategoryShape();
}

using System.Diagnostics.CodeAnalysis;
using System.Security.Cryptography;
using System.Text;
using Lucene.Net.Analysis.En;

namespace DailyPapers.Search.Eval;

/// <summary>A generated query: its text, the papers that answer it (one for a known item), and which half it belongs to.</summary>
public sealed record GeneratedQuery(string Text, IReadOnlyList<string> Targets, bool Train);

/// <summary>A set of generated queries of one kind.</summary>
public sealed record QuerySet(string Name, IReadOnlyList<GeneratedQuery> Queries);

/// <summary>
/// Query sets made from a corpus's own records, as people type them (see README, Search quality): known item
/// by title (exact, lower-cased without punctuation, one or two words dropped), 2–4 rare words of a title,
/// an author's surname with a title word, arXiv ids, links and DOIs, and two neighbouring words of a title, which
/// any paper whose title holds them side by side answers. Deterministic: the same corpus and seed
/// give the same queries. Each paper belongs to one half, train or test, by a hash of its id, in every set, so
/// tuning on train never sees a test paper's title.
/// </summary>
[SuppressMessage("Security", "CA5394", Justification = "Query sets are drawn from a seed so that they repeat; nothing secret comes of them.")]
public static class QuerySets
{
    public const string Title = "title";
    public const string TitleLower = "title-lower";
    public const string TitleDropped = "title-dropped";
    public const string RareWords = "rare-words";
    public const string AuthorTopic = "author-topic";
    public const string ArxivId = "arxiv-id";
    public const string TwoWords = "two-words";

    public static IReadOnlyList<string> Names { get; } = [Title, TitleLower, TitleDropped, RareWords, AuthorTopic, ArxivId, TwoWords];

    /// <summary>Up to <paramref name="count"/> queries per set; sets the corpus cannot make (no authors, no arXiv ids) are left out.</summary>
    public static IReadOnlyList<QuerySet> Generate(IReadOnlyList<BeirDocument> corpus, int count, int seed)
    {
        var titles = corpus.Select(d => (Doc: d, Words: Words(d.Title))).Where(t => t.Words.Count >= 2).ToList();
        // A title two papers share names no single paper: leave both out.
        var unique = titles.GroupBy(t => string.Join(' ', t.Words)).Where(g => g.Count() == 1).Select(g => g.First()).ToList();
        var frequency = DocumentFrequencies(corpus);
        var sets = new List<QuerySet>
        {
            Make(Title, unique, count, seed, 1, (t, _) => t.Doc.Title),
            Make(TitleLower, unique, count, seed, 2, (t, _) => string.Join(' ', t.Words)),
            Make(TitleDropped, unique.Where(t => t.Words.Count >= 4).ToList(), count, seed, 3, (t, r) => DropWords(t.Words, r)),
            Make(RareWords, unique, count, seed, 4, (t, r) => RareTitleWords(t.Words, frequency, r)),
            Make(AuthorTopic, unique.Where(t => t.Doc.Authors.Count > 0).ToList(), count, seed, 5, AuthorAndWord),
            Make(ArxivId, corpus.Where(d => Papers.ArxivId.TryParse(d.Id, out _)).Select(d => (d, Words(d.Title))).ToList(), count, seed, 6, (t, r) => IdForm(t.Doc.Id, r)),
            MakeTwoWords(titles, count, seed),
        };
        return sets.Where(s => s.Queries.Count > 0).ToList();
    }

    /// <summary>Train or test, by the first byte of the SHA-256 of the paper's id.</summary>
    public static bool IsTrain(string id) => (SHA256.HashData(Encoding.UTF8.GetBytes(id))[0] & 1) == 0;

    /// <summary>A title as people retype it: lower case, every run of non-letters and non-digits one space.</summary>
    public static List<string> Words(string text) => TypedText.Words(text);

    private static QuerySet Make(
        string name, List<(BeirDocument Doc, List<string> Words)> candidates, int count, int seed, int salt,
        Func<(BeirDocument Doc, List<string> Words), Random, string?> query)
    {
        var random = new Random(seed * 31 + salt);
        var order = candidates.Select(c => (c, random.NextDouble())).OrderBy(x => x.Item2).Select(x => x.c).ToList();
        var queries = new List<GeneratedQuery>();
        foreach (var candidate in order)
        {
            if (queries.Count >= count)
            {
                break;
            }
            if (query(candidate, random) is { Length: > 0 } text)
            {
                queries.Add(new GeneratedQuery(text, [candidate.Doc.Id], IsTrain(candidate.Doc.Id)));
            }
        }
        return new QuerySet(name, queries);
    }

    /// <summary>Two neighbouring content words of a title; every paper whose title has them side by side answers.</summary>
    private static QuerySet MakeTwoWords(List<(BeirDocument Doc, List<string> Words)> titles, int count, int seed)
    {
        var holders = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        foreach (var (doc, words) in titles)
        {
            for (var i = 0; i + 1 < words.Count; i++)
            {
                var pair = words[i] + " " + words[i + 1];
                if (!holders.TryGetValue(pair, out var ids))
                {
                    holders[pair] = ids = [];
                }
                if (ids.Count == 0 || ids[^1] != doc.Id)
                {
                    ids.Add(doc.Id);
                }
            }
        }
        var random = new Random(seed * 31 + 7);
        var queries = new List<GeneratedQuery>();
        foreach (var (doc, words) in titles.Select(t => (t, random.NextDouble())).OrderBy(x => x.Item2).Select(x => x.t))
        {
            if (queries.Count >= count)
            {
                break;
            }
            var pairs = Enumerable.Range(0, words.Count - 1).Where(i => IsContentWord(words[i]) && IsContentWord(words[i + 1])).ToList();
            if (pairs.Count > 0)
            {
                var i = pairs[random.Next(pairs.Count)];
                var pair = words[i] + " " + words[i + 1];
                queries.Add(new GeneratedQuery(pair, holders[pair], IsTrain(doc.Id)));
            }
        }
        return new QuerySet(TwoWords, queries);
    }

    private static string DropWords(List<string> words, Random random)
    {
        var drop = words.Count >= 5 && random.Next(2) == 1 ? 2 : 1;
        var kept = words.ToList();
        for (var i = 0; i < drop; i++)
        {
            kept.RemoveAt(random.Next(kept.Count));
        }
        return string.Join(' ', kept);
    }

    /// <summary>2–4 of the title's words that the fewest papers of the corpus use, in title order.</summary>
    private static string? RareTitleWords(List<string> words, Dictionary<string, int> frequency, Random random)
    {
        var content = words.Distinct().Where(IsContentWord).ToList();
        var want = Math.Min(random.Next(2, 5), content.Count);
        if (want < 2)
        {
            return null;
        }
        var rare = content.OrderBy(w => frequency.GetValueOrDefault(w)).ThenBy(words.IndexOf).Take(want).ToHashSet();
        return string.Join(' ', content.Where(rare.Contains));
    }

    /// <summary>An author's surname (lower case, no accents, as people type it) and one content word of the title.</summary>
    private static string? AuthorAndWord((BeirDocument Doc, List<string> Words) t, Random random)
    {
        var author = t.Doc.Authors[random.Next(t.Doc.Authors.Count)];
        var surname = Words(TypedText.WithoutAccents(author)).LastOrDefault(w => w.Length >= 2 && w.All(char.IsLetter));
        var topics = t.Words.Where(w => w.Length >= 4 && IsContentWord(w)).ToList();
        return surname is null || topics.Count == 0 ? null : $"{surname} {topics[random.Next(topics.Count)]}";
    }

    private static string IdForm(string id, Random random) => random.Next(7) switch
    {
        0 => id,
        1 => "arXiv:" + id,
        2 => "https://arxiv.org/abs/" + id,
        3 => "https://arxiv.org/pdf/" + id + "v1",
        4 => id + "v2",
        5 => "10.48550/arXiv." + id,
        _ => "https://doi.org/10.48550/arXiv." + id,
    };

    private static bool IsContentWord(string word) =>
        word.Length >= 3 && !word.All(char.IsDigit) && !EnglishAnalyzer.DefaultStopSet.Contains(word);

    private static Dictionary<string, int> DocumentFrequencies(IReadOnlyList<BeirDocument> corpus)
    {
        var frequency = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var d in corpus)
        {
            foreach (var w in Words(d.Title).Concat(Words(d.Text)).Distinct())
            {
                frequency[w] = frequency.GetValueOrDefault(w) + 1;
            }
        }
        return frequency;
    }
}

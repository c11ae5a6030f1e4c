namespace DailyPapers.Recommendations.Model;

/// <summary>
/// One reader's taste, built from their signals, and the ranking of candidates by it. A candidate scores by how
/// close it is to the reader's papers (softmax pooling of cosine similarities in <see cref="PaperSpace"/>: the
/// best match counts most, several good matches add up), plus a bonus when an author of the reader's papers wrote
/// it, plus a bonus when it matches one of the reader's topics, minus how close it is to papers marked "not
/// interested". A marked paper itself goes last. A reader without papers gets their topics' papers first, and
/// otherwise the fallback: most upvoted, then newest.
/// </summary>
public sealed partial class ReaderModel
{
    /// <summary>At most this many of the reader's papers (the most recent signals) shape the model.</summary>
    public const int MaxPapers = 1_000;

    private readonly List<Liked> _liked;
    private readonly Liked[] _likedWithVectors;
    private readonly float[][] _likedVectors;
    private readonly float[] _likedLogWeights;
    private readonly float[][] _dislikedVectors;
    private readonly HashSet<string> _disliked;
    private readonly Dictionary<string, Liked> _known;
    private readonly Dictionary<string, (float Weight, string Name, Liked Paper)> _authors;
    private readonly Dictionary<string, int> _categories;
    private readonly IReadOnlyDictionary<string, string> _topics;
    private readonly ModelSettings _settings;

    /// <summary>A paper the reader likes, with the signal that says so most strongly.</summary>
    private sealed record Liked(string ArxivId, string Title, SignalKind Kind, float[]? Vector, IReadOnlyDictionary<string, int> Terms, float Weight);

    private ReaderModel(List<Liked> liked, List<float[]> disliked, HashSet<string> dislikedIds,
        Dictionary<string, (float, string, Liked)> authors, Dictionary<string, int> categories, IReadOnlyDictionary<string, string> topics,
        ModelSettings settings)
    {
        _liked = liked;
        _likedWithVectors = liked.Where(l => l.Vector is not null).ToArray();
        _likedVectors = _likedWithVectors.Select(l => l.Vector!).ToArray();
        _likedLogWeights = _likedWithVectors.Select(l => MathF.Log(l.Weight)).ToArray();
        _dislikedVectors = disliked.ToArray();
        _disliked = dislikedIds;
        _known = liked.ToDictionary(l => l.ArxivId, StringComparer.Ordinal);
        _authors = authors;
        _categories = categories;
        _topics = topics;
        _settings = settings;
    }

    /// <summary>Whether the reader has any paper they like (else <see cref="Rank"/> gives their topics, then the fallback order).</summary>
    public bool HasPapers => _liked.Count > 0;

    /// <summary>
    /// The model of a reader with these signals. <paramref name="papers"/> holds the signals' papers (those missing
    /// are hidden or deleted and count for nothing); vectors are placed in <paramref name="space"/>.
    /// <paramref name="topics"/> holds the candidates that match one of the reader's topics, with that topic (<see cref="TopicMatch"/>).
    /// </summary>
    public static ReaderModel Build(IReadOnlyList<ReaderSignal> signals, IReadOnlyDictionary<string, ModelPaper> papers,
        PaperSpace space, ModelSettings? settings = null, IReadOnlyDictionary<string, string>? topics = null)
    {
        settings ??= ModelSettings.Default;
        var disliked = signals.Where(s => s.Kind == SignalKind.NotInterested).Select(s => s.ArxivId).ToHashSet(StringComparer.Ordinal);
        var liked = signals
            .Where(s => s.Kind != SignalKind.NotInterested && !disliked.Contains(s.ArxivId) && papers.ContainsKey(s.ArxivId))
            .GroupBy(s => s.ArxivId, StringComparer.Ordinal)
            .Select(g => (Strongest: g.MinBy(s => Strength(s.Kind))!, Latest: g.Max(s => s.At)))
            .OrderByDescending(x => x.Latest).ThenBy(x => x.Strongest.ArxivId, StringComparer.Ordinal)
            .Take(MaxPapers)
            .Select(x => (Signal: x.Strongest, Paper: papers[x.Strongest.ArxivId], x.Latest))
            .ToList();
        // Recent interests count more: a signal's weight halves every half-life before the reader's latest one.
        var newest = liked.Count > 0 ? liked.Max(x => x.Latest) : default;
        var likedPapers = liked.Select(x => new Liked(x.Paper.ArxivId, x.Paper.Facts.Title, x.Signal.Kind, space.Place(x.Paper.Vector), x.Paper.Terms,
            settings.HalfLifeDays > 0 ? MathF.Pow(0.5f, (float)(newest - x.Latest).TotalDays / settings.HalfLifeDays) : 1f)).ToList();
        var authors = new Dictionary<string, (float Weight, string Name, Liked Paper)>(StringComparer.Ordinal);
        var categories = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < liked.Count; i++)
        {
            foreach (var name in liked[i].Paper.Facts.Authors.DistinctBy(AuthorName.Key, StringComparer.Ordinal))
            {
                var key = AuthorName.Key(name);
                var (weight, _, first) = authors.GetValueOrDefault(key, (0f, name, likedPapers[i]));
                authors[key] = (weight + 1, name, first);
            }
            foreach (var category in liked[i].Paper.Facts.Categories)
            {
                categories[category] = categories.GetValueOrDefault(category) + 1;
            }
        }
        // The reader's own name on their claimed papers is not a co-author to follow: their new papers they know.
        foreach (var own in signals.Where(s => s.Kind == SignalKind.Authored && s.AuthorName is not null))
        {
            authors.Remove(AuthorName.Key(own.AuthorName!));
        }
        var dislikedVectors = disliked.Select(id => papers.GetValueOrDefault(id)?.Vector).Select(space.Place).OfType<float[]>().ToList();
        return new ReaderModel(likedPapers, dislikedVectors, disliked, authors, categories,
            topics ?? new Dictionary<string, string>(StringComparer.Ordinal), settings);
    }

    /// <summary>Lower is stronger: what the reason names when a paper has several signals.</summary>
    private static int Strength(SignalKind kind) => kind switch
    {
        SignalKind.Authored => 0,
        SignalKind.Saved => 1,
        SignalKind.Imported => 2,
        _ => 3,
    };
}

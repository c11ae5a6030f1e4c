namespace DailyPapers.Search.Semantic;

/// <summary>One array per distinct set of categories (a <see cref="VectorIndex"/>'s papers' facts): 2.8 M papers share a few thousand sets.</summary>
internal sealed class CategorySets
{
    private readonly Dictionary<string, string[]> _sets = new(StringComparer.Ordinal);

    /// <summary>The array held for this set of categories (the given one, the first time). Not thread-safe: callers hold the index's write lock.</summary>
    public string[] Intern(string[] categories)
    {
        var key = string.Join(' ', categories);
        if (!_sets.TryGetValue(key, out var set))
        {
            _sets[key] = set = categories;
        }
        return set;
    }
}

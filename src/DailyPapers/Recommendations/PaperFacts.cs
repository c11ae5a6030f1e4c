using Dapper;
using DailyPapers.Papers;
using DailyPapers.Storage;

namespace DailyPapers.Recommendations;

/// <summary>What the recommender reads of a paper besides its vector: names for reasons and co-authorship, facts for the fallback.</summary>
public sealed record PaperFacts
{
    public required string ArxivId { get; init; }
    public required string Title { get; init; }

    /// <summary>The abstract as readers see it (LaTeX made readable); its words feed the lexical similarity.</summary>
    public string Abstract { get; init; } = "";

    public required IReadOnlyList<string> Authors { get; init; }
    public required IReadOnlyList<string> Categories { get; init; }
    public required DateTime PublishedAt { get; init; }
    public int Upvotes { get; init; }
}

/// <summary>Reads <see cref="PaperFacts"/> of visible papers, a thousand ids per query.</summary>
public sealed class PaperFactsReader(Database database)
{
    private const int Chunk = 1_000;

    private sealed record PaperRow
    {
        public required string ArxivId { get; init; }
        public required string Title { get; init; }
        public required string Abstract { get; init; }
        public required string Categories { get; init; }
        public required DateTime PublishedAt { get; init; }
        public required int Upvotes { get; init; }
    }

    /// <summary>The visible papers whose first version appeared on arXiv from <paramref name="from"/> to <paramref name="to"/>.</summary>
    public async Task<IReadOnlyList<string>> PublishedIdsAsync(DateOnly from, DateOnly to, CancellationToken ct = default)
    {
        await using var connection = await database.OpenAsync(ct);
        return (await connection.QueryAsync<string>(new CommandDefinition(
            "SELECT arxiv_id FROM papers WHERE hidden = @no AND published_at >= @start AND published_at < @end ORDER BY arxiv_id",
            new { no = false, start = from.ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc), end = to.AddDays(1).ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc) },
            cancellationToken: ct))).ToList();
    }

    /// <summary>The arXiv date of the newest visible paper published up to <paramref name="notAfter"/>, if any.</summary>
    public async Task<DateOnly?> LatestPublishedAsync(DateOnly notAfter, CancellationToken ct = default)
    {
        await using var connection = await database.OpenAsync(ct);
        var latest = await connection.ExecuteScalarAsync<DateTime?>(new CommandDefinition(
            "SELECT max(published_at) FROM papers WHERE hidden = @no AND published_at < @end",
            new { no = false, end = notAfter.AddDays(1).ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc) }, cancellationToken: ct));
        return latest is { } at ? DateOnly.FromDateTime(at) : null;
    }

    /// <summary>The facts of those of <paramref name="arxivIds"/> that are in the catalogue and not hidden.</summary>
    public async Task<IReadOnlyDictionary<string, PaperFacts>> ReadAsync(IEnumerable<string> arxivIds, CancellationToken ct = default)
    {
        var facts = new Dictionary<string, PaperFacts>(StringComparer.Ordinal);
        await using var connection = await database.OpenAsync(ct);
        foreach (var ids in arxivIds.Distinct(StringComparer.Ordinal).Chunk(Chunk))
        {
            var inList = SqlDialect.InList(connection, "arxiv_id", "ids");
            var papers = await connection.QueryAsync<PaperRow>(new CommandDefinition(
                $"SELECT arxiv_id, title, abstract, categories, published_at, upvotes FROM papers WHERE hidden = @no AND {inList}",
                new { ids, no = false }, cancellationToken: ct));
            var authors = (await connection.QueryAsync<(string ArxivId, string Name)>(new CommandDefinition(
                $"SELECT arxiv_id, name FROM paper_authors WHERE {inList} ORDER BY arxiv_id, position",
                new { ids }, cancellationToken: ct))).ToLookup(a => a.ArxivId, a => a.Name, StringComparer.Ordinal);
            foreach (var p in papers)
            {
                facts[p.ArxivId] = new PaperFacts
                {
                    ArxivId = p.ArxivId,
                    Title = PaperText.Display(p.Title),
                    Abstract = PaperText.Display(p.Abstract),
                    Authors = authors[p.ArxivId].ToList(),
                    Categories = p.Categories.Split(' ', StringSplitOptions.RemoveEmptyEntries),
                    PublishedAt = p.PublishedAt,
                    Upvotes = p.Upvotes,
                };
            }
        }
        return facts;
    }
}

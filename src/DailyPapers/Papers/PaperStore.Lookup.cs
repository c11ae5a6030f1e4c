using Dapper;
using DailyPapers.Storage;

namespace DailyPapers.Papers;

/// <summary>A catalogue paper found by an identifier or a title: enough to judge the match and list it.</summary>
public sealed record PaperMatch
{
    public required string ArxivId { get; init; }
    public required string Title { get; init; }
    public required DateTime PublishedAt { get; init; }
    public required bool Hidden { get; init; }

    /// <summary>What the lookup was by: the DOI in lower case, or the title key's hash; the arXiv id otherwise.</summary>
    public string Key { get; init; } = "";
}

public sealed partial class PaperStore
{
    /// <summary>Values bound in one lookup: SQLite binds each as its own parameter.</summary>
    private const int LookupChunk = 1_000;

    /// <summary>The papers with these arXiv ids (without version), hidden ones included.</summary>
    public Task<IReadOnlyList<PaperMatch>> FindByIdsAsync(IReadOnlyCollection<string> arxivIds, CancellationToken ct = default) =>
        LookupAsync("p.arxiv_id AS key FROM papers p", "p.arxiv_id", arxivIds, ct);

    /// <summary>The papers whose DOI is one of these (compared in lower case, as given in lower case).</summary>
    public Task<IReadOnlyList<PaperMatch>> FindByDoisAsync(IReadOnlyCollection<string> dois, CancellationToken ct = default) =>
        LookupAsync("lower(p.doi) AS key FROM papers p", "p.doi IS NOT NULL AND lower(p.doi)", dois, ct);

    /// <summary>The papers whose title key hash (<see cref="TitleKey.Hash"/>) is one of these.</summary>
    public Task<IReadOnlyList<PaperMatch>> FindByTitleKeysAsync(IReadOnlyCollection<string> hashes, CancellationToken ct = default) =>
        LookupAsync("k.title_key AS key FROM paper_title_keys k JOIN papers p ON p.arxiv_id = k.arxiv_id", "k.title_key", hashes, ct);

    private async Task<IReadOnlyList<PaperMatch>> LookupAsync(string keyAndFrom, string column, IReadOnlyCollection<string> values, CancellationToken ct)
    {
        var found = new List<PaperMatch>();
        if (values.Count == 0)
        {
            return found;
        }
        await using var connection = await database.OpenAsync(ct);
        foreach (var chunk in values.Distinct(StringComparer.Ordinal).Chunk(LookupChunk))
        {
            found.AddRange(await connection.QueryAsync<PaperMatch>(new CommandDefinition(
                $"SELECT p.arxiv_id, p.title, p.published_at, p.hidden, {keyAndFrom} WHERE {SqlDialect.InList(connection, column, "chunk")}",
                new { chunk }, cancellationToken: ct)));
        }
        return found;
    }
}

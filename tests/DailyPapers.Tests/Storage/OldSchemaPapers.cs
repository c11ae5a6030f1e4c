using Dapper;
using DailyPapers.Papers;
using DailyPapers.Storage;

namespace DailyPapers.Tests.Storage;

/// <summary>
/// Stores papers with the columns every schema version has had (migration 0001's), as an older release wrote them:
/// for tests that put data into a database migrated to an earlier version, then migrate it. The app's own writer
/// writes the columns of the current schema, which an older database lacks.
/// </summary>
internal static class OldSchemaPapers
{
    public static async Task InsertAsync(Database database, params Paper[] papers)
    {
        await using var connection = await database.OpenAsync();
        foreach (var p in papers)
        {
            await connection.ExecuteAsync(
                "INSERT INTO papers (arxiv_id, title, abstract, primary_category, categories, comments, doi, license, latest_version, " +
                "published_at, updated_at, upvotes, hidden, source, content_hash, created_at, modified_at) VALUES (@ArxivId, @Title, @Abstract, " +
                "@PrimaryCategory, @categories, @Comments, @Doi, @License, @LatestVersion, @PublishedAt, @UpdatedAt, @Upvotes, @Hidden, @Source, @hash, @now, @now)",
                new
                {
                    p.ArxivId, p.Title, p.Abstract, p.PrimaryCategory, categories = string.Join(' ', p.Categories), p.Comments, p.Doi, p.License,
                    p.LatestVersion, p.PublishedAt, p.UpdatedAt, p.Upvotes, p.Hidden, p.Source, hash = PaperContentHash.Of(p), now = DateTime.UtcNow,
                });
            await connection.ExecuteAsync(
                "INSERT INTO paper_authors (arxiv_id, position, name, affiliation) VALUES (@id, @position, @name, @affiliation)",
                p.Authors.Select((a, i) => new { id = p.ArxivId, position = i, name = a.Name, affiliation = a.Affiliation }));
            await connection.ExecuteAsync(
                "INSERT INTO paper_versions (arxiv_id, version, created_at, size) VALUES (@id, @Number, @CreatedAt, @Size)",
                p.Versions.Select(v => new { id = p.ArxivId, v.Number, v.CreatedAt, v.Size }));
        }
    }
}

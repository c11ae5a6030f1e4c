using System.Data.Common;
using Dapper;
using DailyPapers.Storage;

namespace DailyPapers.Papers;

public sealed partial class PaperStore
{
    private const string Columns =
        "arxiv_id, title, abstract, primary_category, categories, comments, journal_ref, doi, report_no, license, " +
        "submitter, msc_class, acm_class, latest_version, published_at, updated_at, announced_on, upvotes, hidden, source";

    internal static async Task<IReadOnlyList<Paper>> LoadAsync(DbConnection connection, IReadOnlyCollection<string> ids, CancellationToken ct)
    {
        var idList = SqlDialect.Strings(connection, ids.Distinct(StringComparer.Ordinal).ToArray());
        var rows = (await connection.QueryAsync<PaperRow>(
            new CommandDefinition($"SELECT {Columns} FROM papers WHERE {SqlDialect.InStrings(connection, "arxiv_id", "idList")}", new { idList }, cancellationToken: ct))).ToList();
        if (rows.Count == 0)
        {
            return [];
        }
        var authors = (await connection.QueryAsync<AuthorRow>(new CommandDefinition(
                $"SELECT arxiv_id, position, name, affiliation FROM paper_authors WHERE {SqlDialect.InStrings(connection, "arxiv_id", "idList")} ORDER BY arxiv_id, position",
                new { idList }, cancellationToken: ct)))
            .ToLookup(a => a.ArxivId, StringComparer.Ordinal);
        var versions = (await connection.QueryAsync<VersionRow>(new CommandDefinition(
                $"SELECT arxiv_id, version, created_at, size FROM paper_versions WHERE {SqlDialect.InStrings(connection, "arxiv_id", "idList")} ORDER BY arxiv_id, version",
                new { idList }, cancellationToken: ct)))
            .ToLookup(v => v.ArxivId, StringComparer.Ordinal);
        return rows.Select(r => r.ToPaper(
                authors[r.ArxivId].Select(a => new PaperAuthor(a.Name, a.Affiliation)).ToList(),
                versions[r.ArxivId].Select(v => new PaperVersion(v.Version, v.CreatedAt, v.Size)).ToList()))
            .ToList();
    }

    private sealed class PaperRow
    {
        public string ArxivId { get; init; } = "";
        public string Title { get; init; } = "";
        public string Abstract { get; init; } = "";
        public string? PrimaryCategory { get; init; }
        public string Categories { get; init; } = "";
        public string? Comments { get; init; }
        public string? JournalRef { get; init; }
        public string? Doi { get; init; }
        public string? ReportNo { get; init; }
        public string? License { get; init; }
        public string? Submitter { get; init; }
        public string? MscClass { get; init; }
        public string? AcmClass { get; init; }
        public DateTime PublishedAt { get; init; }
        public DateTime UpdatedAt { get; init; }
        public DateOnly? AnnouncedOn { get; init; }
        public int Upvotes { get; init; }
        public bool Hidden { get; init; }
        public string Source { get; init; } = "";

        public Paper ToPaper(IReadOnlyList<PaperAuthor> authors, IReadOnlyList<PaperVersion> versions) => new()
        {
            ArxivId = ArxivId,
            Title = Title,
            Abstract = Abstract,
            Authors = authors,
            Versions = versions,
            PrimaryCategory = PrimaryCategory,
            Categories = Categories.Split(' ', StringSplitOptions.RemoveEmptyEntries),
            Comments = Comments,
            JournalRef = JournalRef,
            Doi = Doi,
            ReportNo = ReportNo,
            License = License,
            Submitter = Submitter,
            MscClass = MscClass,
            AcmClass = AcmClass,
            PublishedAt = PublishedAt,
            UpdatedAt = UpdatedAt,
            AnnouncedOn = AnnouncedOn,
            Upvotes = Upvotes,
            Hidden = Hidden,
            Source = Source,
        };
    }

    private sealed class AuthorRow
    {
        public string ArxivId { get; init; } = "";
        public int Position { get; init; }
        public string Name { get; init; } = "";
        public string? Affiliation { get; init; }
    }

    private sealed class VersionRow
    {
        public string ArxivId { get; init; } = "";
        public int Version { get; init; }
        public DateTime CreatedAt { get; init; }
        public string? Size { get; init; }
    }
}

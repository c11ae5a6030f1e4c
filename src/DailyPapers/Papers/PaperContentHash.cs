using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace DailyPapers.Papers;

/// <summary>A digest of what a source said about a paper, so importing the same record again is a no-op.</summary>
internal static class PaperContentHash
{
    public static string Of(Paper p)
    {
        var canonical = JsonSerializer.SerializeToUtf8Bytes(new object?[]
        {
            p.ArxivId, p.Title, p.Abstract, p.PrimaryCategory, p.Categories, p.Comments, p.JournalRef, p.Doi,
            p.ReportNo, p.License, p.Submitter, p.MscClass, p.AcmClass, p.PublishedAt, p.UpdatedAt,
            p.Authors.Select(a => new[] { a.Name, a.Affiliation }),
            p.Versions.Select(v => new object?[] { v.Number, v.CreatedAt, v.Size }),
        });
        return Convert.ToHexStringLower(SHA256.HashData(canonical).AsSpan(0, 16));
    }
}

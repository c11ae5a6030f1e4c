using System.Text.Json.Serialization;

namespace DailyPapers.Ingest.Snapshot;

/// <summary>One line of the Kaggle "arXiv metadata OAI snapshot", field for field.</summary>
public sealed class SnapshotRecord
{
    [JsonPropertyName("id")] public string? Id { get; set; }
    [JsonPropertyName("submitter")] public string? Submitter { get; set; }
    [JsonPropertyName("authors")] public string? Authors { get; set; }
    [JsonPropertyName("title")] public string? Title { get; set; }
    [JsonPropertyName("comments")] public string? Comments { get; set; }
    [JsonPropertyName("journal-ref")] public string? JournalRef { get; set; }
    [JsonPropertyName("doi")] public string? Doi { get; set; }
    [JsonPropertyName("report-no")] public string? ReportNo { get; set; }
    [JsonPropertyName("categories")] public string? Categories { get; set; }
    [JsonPropertyName("license")] public string? License { get; set; }
    [JsonPropertyName("abstract")] public string? Abstract { get; set; }
    [JsonPropertyName("versions")] public List<SnapshotVersion>? Versions { get; set; }
    [JsonPropertyName("update_date")] public string? UpdateDate { get; set; }
    [JsonPropertyName("authors_parsed")] public List<List<string?>>? AuthorsParsed { get; set; }

    /// <summary>Drops every U+0000 from every field (see <see cref="SnapshotLineParser"/>).</summary>
    public void RemoveNulCharacters()
    {
        Id = Clean(Id);
        Submitter = Clean(Submitter);
        Authors = Clean(Authors);
        Title = Clean(Title);
        Comments = Clean(Comments);
        JournalRef = Clean(JournalRef);
        Doi = Clean(Doi);
        ReportNo = Clean(ReportNo);
        Categories = Clean(Categories);
        License = Clean(License);
        Abstract = Clean(Abstract);
        UpdateDate = Clean(UpdateDate);
        foreach (var v in Versions ?? [])
        {
            v.Version = Clean(v.Version);
            v.Created = Clean(v.Created);
        }
        foreach (var parts in AuthorsParsed ?? [])
        {
            for (var i = 0; i < parts.Count; i++)
            {
                parts[i] = Clean(parts[i]);
            }
        }
    }

    private static string? Clean(string? value) => value?.Replace("\0", "", StringComparison.Ordinal);
}

public sealed class SnapshotVersion
{
    [JsonPropertyName("version")] public string? Version { get; set; }
    [JsonPropertyName("created")] public string? Created { get; set; }
}

[JsonSerializable(typeof(SnapshotRecord))]
[JsonSourceGenerationOptions(AllowTrailingCommas = false, ReadCommentHandling = System.Text.Json.JsonCommentHandling.Disallow)]
internal sealed partial class SnapshotJsonContext : JsonSerializerContext;

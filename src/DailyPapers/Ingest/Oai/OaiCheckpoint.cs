using System.Data.Common;
using System.Text.Json;
using System.Text.Json.Serialization;
using DailyPapers.Storage;

namespace DailyPapers.Ingest.Oai;

/// <summary>
/// Where the harvest of one set stands, kept in <c>site_state</c> under <see cref="Key"/> as JSON and written in
/// the same transaction as each page's papers. While a harvest is under way <see cref="ResumptionToken"/> asks
/// for its next page; once it completes, the token is gone and <see cref="HarvestedThrough"/> says up to which
/// day arXiv's records are in, so the next daily run asks only for what changed since.
/// </summary>
public sealed record OaiCheckpoint
{
    internal static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };

    /// <summary>The OAI set harvested, such as <c>cs</c>; null for all of arXiv.</summary>
    public string? Set { get; init; }

    /// <summary>The harvest's <c>from</c> date: where it starts over when its token has expired.</summary>
    public DateOnly? From { get; init; }

    /// <summary>The harvest's <c>until</c> date.</summary>
    public DateOnly? Until { get; init; }

    /// <summary>The token for the next page of the harvest under way; null when none is.</summary>
    public string? ResumptionToken { get; init; }

    /// <summary>The latest record datestamp seen by the harvest under way.</summary>
    public DateOnly? LatestDatestamp { get; init; }

    /// <summary>When the harvest under way (or the last one) started.</summary>
    public DateTimeOffset? StartedAt { get; init; }

    /// <summary>The last day a completed harvest covered: records changed up to this day are stored.</summary>
    public DateOnly? HarvestedThrough { get; init; }

    /// <summary>When the last harvest completed.</summary>
    public DateTimeOffset? CompletedAt { get; init; }

    [JsonIgnore]
    public bool InProgress => ResumptionToken is not null;

    public static string Key(string? set) => $"oai:checkpoint:{(string.IsNullOrEmpty(set) ? "all" : set)}";

    public static async Task<OaiCheckpoint?> LoadAsync(DbConnection connection, DbTransaction? tx, string? set)
    {
        if (await SiteState.GetAsync(connection, tx, Key(set)) is not { } json)
        {
            return null;
        }
        try
        {
            return JsonSerializer.Deserialize<OaiCheckpoint>(json, Json);
        }
        catch (JsonException e)
        {
            throw new InvalidOperationException($"The OAI checkpoint {Key(set)} in site_state is not readable ({e.Message}); delete it to start over.", e);
        }
    }

    /// <summary>Every set's checkpoint (the status page); unreadable ones are left out (<see cref="LoadAsync"/> names them when that set is harvested).</summary>
    public static async Task<IReadOnlyList<OaiCheckpoint>> LoadAllAsync(DbConnection connection, CancellationToken ct) =>
        ReadAll<OaiCheckpoint>(await SiteState.GetAllAsync(connection, "oai:checkpoint:", ct));

    /// <summary>The values that deserialize as <typeparamref name="T"/> (site_state records of the OAI harvest).</summary>
    internal static IReadOnlyList<T> ReadAll<T>(IEnumerable<string> values)
    {
        var all = new List<T>();
        foreach (var value in values)
        {
            try
            {
                all.Add(JsonSerializer.Deserialize<T>(value, Json)!);
            }
            catch (JsonException)
            {
                // Written by another version: leave it out.
            }
        }
        return all;
    }

    public Task SaveAsync(DbConnection connection, DbTransaction tx) =>
        SiteState.SetAsync(connection, tx, Key(Set), JsonSerializer.Serialize(this, Json));
}

using System.Data.Common;
using System.Diagnostics.CodeAnalysis;
using Dapper;
using DailyPapers.Storage;
using Microsoft.Extensions.Options;

namespace DailyPapers.Community.Collections;

/// <summary>A reading list: its owner, whether anyone may see it, and how many papers it holds.</summary>
[SuppressMessage("Naming", "CA1711", Justification = "A collection of papers is what Hugging Face and the site call it.")]
public sealed record Collection
{
    public required long Id { get; init; }
    public required long UserId { get; init; }
    public required string Name { get; init; }
    public required bool IsPublic { get; init; }
    public required DateTime CreatedAt { get; init; }
    public required string OwnerHandle { get; init; }
    public required string OwnerName { get; init; }
    public int Count { get; init; }

    /// <summary>Whether <paramref name="userId"/> (null when signed out) may see it.</summary>
    public bool VisibleTo(long? userId) => IsPublic || userId == UserId;
}

/// <summary>A paper in a collection and when it was put there.</summary>
public sealed record CollectionItem
{
    public required string ArxivId { get; init; }
    public required DateTime AddedAt { get; init; }
}

/// <summary>Collections and their papers. Only the owner changes a collection; the SQL checks it, not just the caller.</summary>
public sealed class CollectionStore(Database database, TimeProvider clock, IOptions<CommunityLimitOptions> limits)
{
    public const int NameMaxLength = 100;

    private const string Select =
        "SELECT c.id, c.user_id, c.name, c.is_public, c.created_at, u.handle AS ownerhandle, u.display_name AS ownername, " +
        "(SELECT count(*) FROM collection_items i WHERE i.collection_id = c.id) AS count FROM collections c JOIN users u ON u.id = c.user_id";

    /// <summary>Why <paramref name="name"/> (trimmed) cannot name a collection, or null when it can.</summary>
    public static string? NameError(string? name) =>
        string.IsNullOrEmpty(name) || name.Length > NameMaxLength
            ? $"A collection needs a name of 1 to {NameMaxLength} characters."
            : ReaderText.ControlCharacterError(name, "The name");

    /// <summary>The most collections one reader may have (<c>Community:MaxCollectionsPerUser</c>).</summary>
    public int MaxPerUser => limits.Value.MaxCollectionsPerUser;

    /// <summary>Makes a collection; null when the reader has <see cref="MaxPerUser"/> already.</summary>
    public async Task<long?> CreateAsync(long userId, string name, bool isPublic, CancellationToken ct = default)
    {
        await using var connection = await database.OpenAsync(ct);
        await using var tx = await database.BeginWriteAsync(connection, ct);
        await UserStore.LockAsync(connection, tx, userId, ct);
        var owned = await connection.ExecuteScalarAsync<long>(new CommandDefinition(
            "SELECT count(*) FROM collections WHERE user_id = @userId", new { userId }, tx, cancellationToken: ct));
        if (owned >= MaxPerUser)
        {
            return null;
        }
        var id = await connection.ExecuteScalarAsync<long>(new CommandDefinition(
            "INSERT INTO collections (user_id, name, is_public, created_at) VALUES (@userId, @name, @isPublic, @now) RETURNING id",
            new { userId, name, isPublic, now = clock.GetUtcNow().UtcDateTime }, tx, cancellationToken: ct));
        await tx.CommitAsync(ct);
        return id;
    }

    /// <summary>
    /// The reader's collection named <paramref name="name"/> (the oldest, if there are several), made private when
    /// there is none; null when one would be needed and the reader has <see cref="MaxPerUser"/> already.
    /// </summary>
    public async Task<long?> FindOrCreateAsync(long userId, string name, CancellationToken ct = default)
    {
        await using var connection = await database.OpenAsync(ct);
        await using var tx = await database.BeginWriteAsync(connection, ct);
        await UserStore.LockAsync(connection, tx, userId, ct);
        var found = await connection.ExecuteScalarAsync<long?>(new CommandDefinition(
            "SELECT min(id) FROM collections WHERE user_id = @userId AND name = @name", new { userId, name }, tx, cancellationToken: ct));
        if (found is null && await connection.ExecuteScalarAsync<long>(new CommandDefinition(
                "SELECT count(*) FROM collections WHERE user_id = @userId", new { userId }, tx, cancellationToken: ct)) < MaxPerUser)
        {
            found = await connection.ExecuteScalarAsync<long>(new CommandDefinition(
                "INSERT INTO collections (user_id, name, is_public, created_at) VALUES (@userId, @name, @no, @now) RETURNING id",
                new { userId, name, no = false, now = clock.GetUtcNow().UtcDateTime }, tx, cancellationToken: ct));
        }
        await tx.CommitAsync(ct);
        return found;
    }

    /// <summary>
    /// Puts papers into a collection inside the caller's transaction (the caller checked it is the reader's, and
    /// that the papers exist); returns those that were not in it yet. A paper there already keeps its time.
    /// </summary>
    public static async Task<IReadOnlySet<string>> AddManyAsync(
        DbConnection connection, DbTransaction tx, long collectionId, IReadOnlyCollection<string> arxivIds, DateTime now, CancellationToken ct = default)
    {
        var rows = arxivIds.Distinct(StringComparer.Ordinal).Select(id => new object?[] { collectionId, id, now }).ToList();
        var added = await SqlRows.InsertReturningAsync(connection, tx, "collection_items", ["collection_id", "arxiv_id", "added_at"], rows,
            "ON CONFLICT (collection_id, arxiv_id) DO NOTHING", "arxiv_id", ct);
        return added.ToHashSet(StringComparer.Ordinal);
    }

    public async Task<Collection?> GetAsync(long id, CancellationToken ct = default)
    {
        await using var connection = await database.OpenAsync(ct);
        return await connection.QuerySingleOrDefaultAsync<Collection>(new CommandDefinition($"{Select} WHERE c.id = @id", new { id }, cancellationToken: ct));
    }

    /// <summary>A reader's collections by name; only the public ones unless <paramref name="includePrivate"/>.</summary>
    public async Task<IReadOnlyList<Collection>> ForUserAsync(long userId, bool includePrivate, CancellationToken ct = default)
    {
        await using var connection = await database.OpenAsync(ct);
        var filter = includePrivate ? "" : " AND c.is_public = @yes";
        return (await connection.QueryAsync<Collection>(new CommandDefinition(
            $"{Select} WHERE c.user_id = @userId{filter} ORDER BY lower(c.name), c.id", new { userId, yes = true }, cancellationToken: ct))).ToList();
    }

    /// <summary>The papers of a collection, most recently added first.</summary>
    public async Task<IReadOnlyList<CollectionItem>> ItemsAsync(long collectionId, CancellationToken ct = default)
    {
        await using var connection = await database.OpenAsync(ct);
        return (await connection.QueryAsync<CollectionItem>(new CommandDefinition(
            "SELECT i.arxiv_id, i.added_at FROM collection_items i JOIN papers p ON p.arxiv_id = i.arxiv_id " +
            "WHERE i.collection_id = @collectionId AND p.hidden = @no ORDER BY i.added_at DESC, i.arxiv_id",
            new { collectionId, no = false }, cancellationToken: ct))).ToList();
    }

    /// <summary>Pairs (collection, paper) of every collection the reader owns: which buttons show as pressed.</summary>
    public async Task<IReadOnlySet<(long CollectionId, string ArxivId)>> MembershipAsync(long userId, CancellationToken ct = default)
    {
        await using var connection = await database.OpenAsync(ct);
        var rows = await connection.QueryAsync<(long, string)>(new CommandDefinition(
            "SELECT i.collection_id, i.arxiv_id FROM collection_items i JOIN collections c ON c.id = i.collection_id WHERE c.user_id = @userId",
            new { userId }, cancellationToken: ct));
        return rows.ToHashSet();
    }

    /// <summary>Renames a collection and sets who may see it; false when it is not the owner's.</summary>
    public async Task<bool> EditAsync(long collectionId, long ownerId, string name, bool isPublic, CancellationToken ct = default)
    {
        await using var connection = await database.OpenAsync(ct);
        return await connection.ExecuteAsync(new CommandDefinition(
            "UPDATE collections SET name = @name, is_public = @isPublic WHERE id = @collectionId AND user_id = @ownerId",
            new { collectionId, ownerId, name, isPublic }, cancellationToken: ct)) > 0;
    }

    /// <summary>Deletes a collection and its list of papers (the papers stay); false when it is not the owner's.</summary>
    public async Task<bool> DeleteAsync(long collectionId, long ownerId, CancellationToken ct = default)
    {
        await using var connection = await database.OpenAsync(ct);
        await using var tx = await database.BeginWriteAsync(connection, ct);
        // The items go first and by the owner's collection only, whether or not the database cascades foreign keys.
        await connection.ExecuteAsync(new CommandDefinition(
            "DELETE FROM collection_items WHERE collection_id IN (SELECT id FROM collections WHERE id = @collectionId AND user_id = @ownerId)",
            new { collectionId, ownerId }, tx, cancellationToken: ct));
        var deleted = await connection.ExecuteAsync(new CommandDefinition(
            "DELETE FROM collections WHERE id = @collectionId AND user_id = @ownerId", new { collectionId, ownerId }, tx, cancellationToken: ct));
        await tx.CommitAsync(ct);
        return deleted > 0;
    }

    /// <summary>Adds (or removes) a paper; false when the collection is not the owner's or the paper is unknown.</summary>
    public async Task<bool> SetAsync(long collectionId, long ownerId, string arxivId, bool present, CancellationToken ct = default)
    {
        await using var connection = await database.OpenAsync(ct);
        var owned = await connection.ExecuteScalarAsync<long>(new CommandDefinition(
            "SELECT count(*) FROM collections c JOIN papers p ON p.arxiv_id = @arxivId WHERE c.id = @collectionId AND c.user_id = @ownerId",
            new { collectionId, ownerId, arxivId }, cancellationToken: ct)) > 0;
        if (!owned)
        {
            return false;
        }
        await connection.ExecuteAsync(new CommandDefinition(present
                ? "INSERT INTO collection_items (collection_id, arxiv_id, added_at) VALUES (@collectionId, @arxivId, @now) ON CONFLICT (collection_id, arxiv_id) DO NOTHING"
                : "DELETE FROM collection_items WHERE collection_id = @collectionId AND arxiv_id = @arxivId",
            new { collectionId, arxivId, now = clock.GetUtcNow().UtcDateTime }, cancellationToken: ct));
        return true;
    }
}

namespace DailyPapers.Community.Collections;

/// <summary>The signed-in reader's collections and what is in them, read once per request for every card's "Save" control.</summary>
public sealed class ReaderCollections(CollectionStore store)
{
    private Task<(IReadOnlyList<Collection> Mine, IReadOnlySet<(long, string)> Items)>? _loaded;

    public Task<(IReadOnlyList<Collection> Mine, IReadOnlySet<(long, string)> Items)> ForAsync(long userId, CancellationToken ct = default) =>
        _loaded ??= LoadAsync(userId, ct);

    private async Task<(IReadOnlyList<Collection>, IReadOnlySet<(long, string)>)> LoadAsync(long userId, CancellationToken ct) =>
        (await store.ForUserAsync(userId, includePrivate: true, ct), await store.MembershipAsync(userId, ct));
}

using DailyPapers.Storage;
using Microsoft.Extensions.Caching.Memory;
using Microsoft.Net.Http.Headers;

namespace DailyPapers.Web;

/// <summary>
/// Marks an endpoint whose anonymous GET responses depend only on the database content and on the query parameters
/// in <see cref="Query"/> (every one the endpoint reads: others are not part of the cache key); <see cref="When"/>
/// excludes requests whose answer also depends on something else, such as the clock for a trending order.
/// </summary>
public sealed class CacheByContentVersionMetadata(
    IReadOnlyList<CachedQueryParameter> query, Func<HttpContext, bool>? when = null, Func<HttpContext, object?>? state = null)
{
    public IReadOnlyList<CachedQueryParameter> Query { get; } = query;

    public Func<HttpContext, bool> When { get; } = when ?? (_ => true);

    /// <summary>
    /// What else the answer depends on besides the database (this node's search index: it follows the database a poll
    /// interval behind), read before rendering; a kept page is served only while it is equal, as the version must be.
    /// </summary>
    public Func<HttpContext, object?> State { get; } = state ?? (_ => null);
}

/// <summary>
/// Serves a page rendered earlier while the database's <see cref="ContentVersion"/> has not moved. Every request
/// still asks the database for the version (one indexed read), so two nodes on one database never disagree
/// for longer than a commit: the cache only saves the rendering. Responses carry an ETag, so browsers and
/// feed readers revalidate with a 304.
/// </summary>
public sealed class RenderedPageCache(ContentVersion contentVersion, MemoryCache cache) : IMiddleware
{
    private const long MaxEntryBytes = 2 * 1024 * 1024;

    /// <summary>What an entry costs besides its body (key, headers, bookkeeping), so many tiny entries are bounded too.</summary>
    private const int EntryOverheadBytes = 256;

    /// <summary>Entries held now (for tests).</summary>
    internal int Count => cache.Count;

    private sealed record Entry(long Version, object? State, byte[] Body, string? ContentType);

    public async Task InvokeAsync(HttpContext context, RequestDelegate next)
    {
        if (!HttpMethods.IsGet(context.Request.Method)
            || context.GetEndpoint()?.Metadata.GetMetadata<CacheByContentVersionMetadata>() is not { } metadata
            || !metadata.When(context)
            || context.User.Identity?.IsAuthenticated == true)
        {
            await next(context);
            return;
        }
        var version = await contentVersion.CurrentAsync(context.RequestAborted);
        var state = metadata.State(context);
        var (key, keep) = RenderedPageKey.For(context, metadata.Query);
        var etag = state is null
            ? $"\"v{version}-{(uint)key.GetHashCode(StringComparison.Ordinal):x}\""
            : $"\"v{version}-{(uint)state.GetHashCode():x}-{(uint)key.GetHashCode(StringComparison.Ordinal):x}\"";
        var headers = context.Response.Headers;
        headers.ETag = etag;
        headers.CacheControl = "no-cache";
        if (context.Request.Headers.IfNoneMatch.Contains(etag))
        {
            context.Response.StatusCode = StatusCodes.Status304NotModified;
            return;
        }
        if (cache.TryGetValue(key, out Entry? hit) && hit!.Version == version && Equals(hit.State, state))
        {
            context.Response.ContentType = hit.ContentType;
            context.Response.ContentLength = hit.Body.Length;
            await context.Response.Body.WriteAsync(hit.Body, context.RequestAborted);
            return;
        }

        var original = context.Response.Body;
        await using var buffer = new MemoryStream();
        context.Response.Body = buffer;
        try
        {
            await next(context);
        }
        finally
        {
            context.Response.Body = original;
        }
        var body = buffer.ToArray();
        if (context.Response.StatusCode != StatusCodes.Status200OK || body.Length > MaxEntryBytes
            || context.RequestServices.GetService<RenderedPageScope>() is { Keep: false })
        {
            headers.Remove(HeaderNames.ETag);
        }
        else if (keep)
        {
            cache.Set(key, new Entry(version, state, body, context.Response.ContentType), new MemoryCacheEntryOptions
            {
                Size = body.Length + (key.Length * 2) + EntryOverheadBytes,
                // Pages without a query (home, lists, papers) are what most readers open: when the cache is full, the
                // variants with parameters go first.
                Priority = context.Request.QueryString.HasValue ? CacheItemPriority.Normal : CacheItemPriority.High,
            });
        }
        if (!context.Response.HasStarted)
        {
            context.Response.ContentLength = body.Length;
        }
        await original.WriteAsync(body, context.RequestAborted);
    }
}

/// <summary>
/// One request's say in the <see cref="RenderedPageCache"/>: a part of a page that could not show all the database
/// holds now (a node whose search index is still catching up) calls <see cref="DoNotKeep"/>, and the answer is then
/// neither kept nor given an ETag, so the next request renders the page again.
/// </summary>
public sealed class RenderedPageScope
{
    public bool Keep { get; private set; } = true;

    public void DoNotKeep() => Keep = false;
}

public static class RenderedPageCacheExtensions
{
    /// <summary>
    /// Lets <see cref="RenderedPageCache"/> serve this endpoint's anonymous GETs from memory while the content version
    /// stands. <paramref name="query"/> lists every query parameter the endpoint reads; <paramref name="when"/> leaves
    /// requests out (answered, not cached).
    /// </summary>
    public static TBuilder CacheByContentVersion<TBuilder>(this TBuilder builder, Func<HttpContext, bool>? when = null, params CachedQueryParameter[] query)
        where TBuilder : IEndpointConventionBuilder =>
        builder.WithMetadata(new CacheByContentVersionMetadata(query, when));

    /// <summary>
    /// As <see cref="CacheByContentVersion{TBuilder}"/>, for an endpoint whose answer also depends on <paramref name="state"/>
    /// (compared with <see cref="object.Equals(object?, object?)"/>; it is part of the ETag too).
    /// </summary>
    public static TBuilder CacheByContentVersionAndState<TBuilder>(this TBuilder builder, Func<HttpContext, object?> state, params CachedQueryParameter[] query)
        where TBuilder : IEndpointConventionBuilder =>
        builder.WithMetadata(new CacheByContentVersionMetadata(query, null, state));

    public static IServiceCollection AddRenderedPageCache(this IServiceCollection services)
    {
        // Its own bounded cache: rendered pages must not crowd out other users of IMemoryCache.
        services.AddSingleton(sp => new RenderedPageCache(
            sp.GetRequiredService<ContentVersion>(),
            new MemoryCache(new MemoryCacheOptions { SizeLimit = 64L * 1024 * 1024 })));
        services.AddScoped<RenderedPageScope>();
        return services;
    }
}

namespace DailyPapers.Feed;

public static class FeedEndpoints
{
    public static IEndpointRouteBuilder MapFeed(this IEndpointRouteBuilder app) => app;
}

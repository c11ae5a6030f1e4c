namespace DailyPapers.Feed;

public static class FeedExtensions
{
    public static IServiceCollection AddFeed(this IServiceCollection services)
    {
        services.AddSingleton<DailyListStore>();
        return services;
    }
}

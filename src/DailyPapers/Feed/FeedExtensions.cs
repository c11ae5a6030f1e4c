namespace DailyPapers.Feed;

public static class FeedExtensions
{
    public static IServiceCollection AddFeed(this IServiceCollection services)
    {
        services.AddSingleton<DailyListStore>();
        services.AddSingleton<NewPapers.NewPaperStore>();
        services.AddSingleton<NewPapers.NewPaperList>();
        return services;
    }
}

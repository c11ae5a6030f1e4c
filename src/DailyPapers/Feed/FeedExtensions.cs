using DailyPapers.Feed;

namespace Microsoft.Extensions.DependencyInjection;

public static class FeedExtensions
{
    public static IServiceCollection AddFeed(this IServiceCollection services)
    {
        services.AddSingleton<DailyListStore>();
        return services;
    }
}

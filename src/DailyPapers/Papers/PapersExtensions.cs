namespace DailyPapers.Papers;

public static class PapersExtensions
{
    public static IServiceCollection AddPapers(this IServiceCollection services)
    {
        services.AddSingleton<PaperStore>();
        services.AddSingleton<Links.LinkedCodeStore>();
        services.AddSingleton<AnnouncementBackfill>();
        HarvestedCategories.Register(services);
        return services;
    }
}

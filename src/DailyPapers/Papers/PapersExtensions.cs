namespace DailyPapers.Papers;

public static class PapersExtensions
{
    public static IServiceCollection AddPapers(this IServiceCollection services)
    {
        services.AddSingleton<PaperStore>();
        return services;
    }
}

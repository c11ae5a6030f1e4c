using DailyPapers.Papers;

namespace Microsoft.Extensions.DependencyInjection;

public static class PapersExtensions
{
    public static IServiceCollection AddPapers(this IServiceCollection services)
    {
        services.AddSingleton<PaperStore>();
        return services;
    }
}

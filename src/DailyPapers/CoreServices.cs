namespace Microsoft.Extensions.DependencyInjection;

/// <summary>What both the web host and the command-line verbs run on: storage and every capability's services.</summary>
public static class CoreServices
{
    public static IServiceCollection AddDailyPapersCore(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddStorage(configuration);
        services.AddPapers();
        services.AddFeed();
        services.AddDemo();
        services.AddArxivClient();
        services.AddOaiHarvester();
        services.AddMail().AddAccounts();
        services.AddCommunity();
        services.AddSearch();
        return services;
    }
}

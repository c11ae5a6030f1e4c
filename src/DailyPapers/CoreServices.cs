namespace Microsoft.Extensions.DependencyInjection;

/// <summary>What both the web host and the command-line verbs run on: storage and every capability's services.</summary>
public static class CoreServices
{
    public static IServiceCollection AddDailyPapersCore(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddStorage(configuration);
        // The site's name and public address: pages, feeds, and mail sent by verbs and background jobs.
        services.AddOptions<DailyPapers.Web.SiteOptions>().BindConfiguration("Site");
        services.AddSingleton<DailyPapers.Web.SiteUrls>();
        services.AddPapers();
        services.AddFeed();
        services.AddDemo();
        services.AddArxivClient();
        services.AddOaiHarvester();
        services.AddMail().AddAccounts();
        services.AddCommunity();
        services.AddSearch();
        services.AddDigest();
        return services;
    }
}

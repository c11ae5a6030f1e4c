using DailyPapers.Community;
using DailyPapers.Community.Accounts;
using DailyPapers.Curation;
using DailyPapers.Demo;
using DailyPapers.Digest;
using DailyPapers.Feed;
using DailyPapers.Ingest.Arxiv;
using DailyPapers.Ingest.GitHub;
using DailyPapers.Ingest.Oai;
using DailyPapers.Mail;
using DailyPapers.Papers;
using DailyPapers.Recommendations;
using DailyPapers.Search;
using DailyPapers.Site;
using DailyPapers.Storage;
using DailyPapers.Web;

namespace DailyPapers.Startup;

/// <summary>What both the web host and the command-line verbs run on: storage and every capability's services.</summary>
public static class CoreServices
{
    public static IServiceCollection AddDailyPapersCore(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddStorage(configuration);
        // The site's name and public address: pages, feeds, and mail sent by verbs and background jobs.
        services.AddOptions<SiteOptions>().BindConfiguration("Site").ValidateOnStart();
        services.AddSingleton<Microsoft.Extensions.Options.IValidateOptions<SiteOptions>, SiteOptionsValidation>();
        services.AddSingleton<SiteUrls>();
        services.AddPapers();
        services.AddFeed();
        services.AddDemo();
        // Migrating, then seeding the demo: a step of the composition root, since Storage knows no capability.
        services.AddSingleton<DatabaseStartup>();
        services.AddArxivClient();
        services.AddOaiHarvester();
        services.AddGitHubStars();
        services.AddMail().AddAccounts();
        services.AddCommunity();
        services.AddSearch();
        services.AddRecommendations();
        services.AddDigest();
        services.AddCuration();
        // The pages' personal ranking joins Recommendations with Digest's topics: neither may use the other's side.
        services.AddSingleton<PersonalRanking>();
        return services;
    }
}

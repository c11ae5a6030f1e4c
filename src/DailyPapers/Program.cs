using DailyPapers.Cli;
using DailyPapers.Community;
using DailyPapers.Community.Accounts;
using DailyPapers.Curation;
using DailyPapers.Demo;
using DailyPapers.Digest;
using DailyPapers.Feed;
using DailyPapers.Ingest.GitHub;
using DailyPapers.Ingest.Oai;
using DailyPapers.Operations;
using DailyPapers.Search;
using DailyPapers.Site;
using DailyPapers.Startup;
using DailyPapers.Storage;
using DailyPapers.Web;

// One program: a command-line verb runs and exits; anything else serves the site.
if (Verbs.IsVerb(args))
{
    return await Verbs.RunAsync(args);
}

var builder = WebApplication.CreateBuilder(new WebApplicationOptions
{
    Args = args,
    // Static assets and appsettings.json ship next to the assembly, so `dotnet run` works from any folder.
    ContentRootPath = AppContext.BaseDirectory,
});
if (string.IsNullOrEmpty(builder.Configuration["urls"]) && string.IsNullOrEmpty(builder.Configuration["http_ports"]))
{
    builder.WebHost.UseUrls(SiteOptions.DefaultUrl);
}

builder.Services.AddDailyPapersCore(builder.Configuration);
builder.Services.AddDeferredIndexBuild();
builder.Services.AddOaiHarvestSchedule();
builder.Services.AddLinkedCodeWorker();
builder.Services.AddDigestSchedule();
builder.Services.AddDemoNewPapersJob();
builder.Services.AddWeb(builder.Configuration);
builder.Services.AddOperations(builder.Configuration);

try
{
    var app = builder.Build();

    app.UseWeb();
    app.MapWeb();
    var api = app.MapApi();
    app.MapFeed(api);
    app.MapSite(api);
    app.MapSearch(api);
    app.MapAccounts(api);
    app.MapCommunity(api);
    app.MapDigest();
    app.MapCuration();
    app.MapOperations();

    await app.Services.GetRequiredService<DatabaseStartup>().RunAsync(app.Lifetime.ApplicationStopping);
    await app.RunAsync();
}
catch (Exception e) when (System.Reflection.Assembly.GetEntryAssembly() == typeof(Program).Assembly && ConfigurationRefusal.Reasons(e) is { } reasons)
{
    // Configuration the site cannot run with: one line naming the key, exit code 1. When another program runs this
    // entry point (the tests' WebApplicationFactory), the exception goes to it instead.
    return await ConfigurationRefusal.ReportAsync(reasons);
}
return 0;

/// <summary>The entry point, visible to WebApplicationFactory in tests.</summary>
public partial class Program;

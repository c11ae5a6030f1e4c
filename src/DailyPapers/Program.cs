using DailyPapers.Cli;
using DailyPapers.Community;
using DailyPapers.Community.Accounts;
using DailyPapers.Digest;
using DailyPapers.Feed;
using DailyPapers.Ingest.Oai;
using DailyPapers.Search;
using DailyPapers.Site;
using DailyPapers.Startup;
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
builder.Services.AddOaiHarvestSchedule();
builder.Services.AddDigestSchedule();
builder.Services.AddWeb(builder.Configuration);

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

await app.Services.GetRequiredService<DatabaseStartup>().RunAsync(app.Lifetime.ApplicationStopping);
await app.RunAsync();
return 0;

/// <summary>The entry point, visible to WebApplicationFactory in tests.</summary>
public partial class Program;

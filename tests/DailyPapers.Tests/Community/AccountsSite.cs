using System.Net;
using System.Text.RegularExpressions;
using AngleSharp.Html.Dom;
using AngleSharp.Html.Parser;
using DailyPapers.Tests.Mail;
using DailyPapers.Tests.Support;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;

namespace DailyPapers.Tests.Community;

/// <summary>
/// A fresh site for account tests: its own database, the real app with mail going to an in-process SMTP
/// receiver, a clock the test can move, and no demo content (accounts do not need papers).
/// </summary>
public sealed partial class AccountsSite : IAsyncDisposable
{
    private readonly TestApp _testApp;
    private readonly bool _ownsDb;

    private AccountsSite(TestDatabase db, bool ownsDb, SmtpReceiver mail, MovableClock clock, TestApp testApp, WebApplicationFactory<Program> app)
    {
        Db = db;
        _ownsDb = ownsDb;
        Mail = mail;
        Clock = clock;
        _testApp = testApp;
        App = app;
    }

    public TestDatabase Db { get; }
    public SmtpReceiver Mail { get; }
    public MovableClock Clock { get; }
    public WebApplicationFactory<Program> App { get; }
    public IServiceProvider Services => App.Services;

    public static async Task<AccountsSite> StartAsync(string provider, IDictionary<string, string?>? settings = null, TestDatabase? sharedDb = null)
    {
        var db = sharedDb ?? await TestDatabase.CreateAsync(provider, migrate: false);
        var mail = await SmtpReceiver.StartAsync();
        var clock = new MovableClock();
        var all = new Dictionary<string, string?>(mail.Settings) { ["Demo:Enabled"] = "false" };
        foreach (var (k, v) in settings ?? new Dictionary<string, string?>())
        {
            all[k] = v;
        }
        var testApp = new TestApp(db, all);
        var app = testApp.WithWebHostBuilder(b => b.ConfigureTestServices(s =>
        {
            s.AddSingleton<TimeProvider>(clock);
            s.AddSingleton<Microsoft.AspNetCore.Hosting.IStartupFilter, ClientAddressFromHeader>();
        }));
        _ = app.Server; // start: migrations run now
        return new AccountsSite(db, sharedDb is null, mail, clock, testApp, app);
    }

    /// <summary>A site whose arXiv is a replay server of the recorded responses (short waits between and before retries).</summary>
    public static async Task<(AccountsSite Site, Ingest.Arxiv.ArxivReplayServer Arxiv)> StartWithArxivAsync(
        string provider, IDictionary<string, string?>? settings = null)
    {
        var arxiv = await Ingest.Arxiv.ArxivReplayServer.StartAsync();
        var all = new Dictionary<string, string?>
        {
            ["Arxiv:ApiUrl"] = arxiv.ApiUrl.ToString(),
            ["Arxiv:MinInterval"] = "00:00:00.001",
            ["Arxiv:RetryDelay"] = "00:00:01",
        };
        foreach (var (k, v) in settings ?? new Dictionary<string, string?>())
        {
            all[k] = v;
        }
        return (await StartAsync(provider, all), arxiv);
    }

    /// <summary>A second site (node) on this one's database, with its own receiver and clock.</summary>
    public Task<AccountsSite> StartSecondNodeAsync(IDictionary<string, string?>? settings = null) =>
        StartAsync(Db.Provider.ToString(), settings, Db);

    /// <summary>A browser-like client: keeps cookies, does not follow redirects (tests look at them).</summary>
    public HttpClient Client() => App.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });

    /// <summary>The same, as a client at <paramref name="address"/> (an IPv4 or IPv6 address), for per-client limits.</summary>
    public HttpClient Client(string address)
    {
        var client = Client();
        client.DefaultRequestHeaders.Add(ClientAddressFromHeader.Header, address);
        return client;
    }

    /// <summary>Asks for a sign-in link for <paramref name="email"/> through the form, as a reader would.</summary>
    public static async Task<HttpResponseMessage> RequestLinkAsync(HttpClient client, string email, string signInPath = "/signin")
    {
        var form = await GetFormAsync(client, signInPath, "form.account-form");
        form["email"] = email;
        return await client.PostAsync("/signin", new FormUrlEncodedContent(form));
    }

    /// <summary>The sign-in link in the newest message to <paramref name="email"/>, as a path and query on this site.</summary>
    public async Task<string> LinkFromMailAsync(string email)
    {
        var mail = await Mail.WaitForAsync(m => m.To.Equals(email, StringComparison.OrdinalIgnoreCase));
        return LinkIn(mail.Message.TextBody);
    }

    /// <summary>The sign-in link in a message's text, as a path and query.</summary>
    public static string LinkIn(string? text)
    {
        var match = LinkPattern().Match(text ?? "");
        Assert.True(match.Success, "The mail's text has no sign-in link:\n" + text);
        return new Uri(match.Value).PathAndQuery;
    }

    /// <summary>The whole path: ask for a link, take it from the real mail, open it, press "Sign in as …".</summary>
    public async Task<HttpResponseMessage> SignInAsync(HttpClient client, string email)
    {
        Mail.Clear();
        var requested = await RequestLinkAsync(client, email);
        Assert.Equal(HttpStatusCode.OK, requested.StatusCode);
        var link = await LinkFromMailAsync(email);
        var confirm = await GetFormAsync(client, link, "form.account-form");
        return await client.PostAsync("/signin/link", new FormUrlEncodedContent(confirm));
    }

    /// <summary>A new client signed in as <paramref name="email"/>, whose account then gets <paramref name="role"/>.</summary>
    public async Task<HttpClient> SignedInAsync(string email, DailyPapers.Community.Accounts.UserRole role)
    {
        var client = Client();
        await SignInAsync(client, email);
        var accounts = Services.GetRequiredService<DailyPapers.Community.Accounts.AccountStore>();
        await accounts.SetRoleAsync((await accounts.FindByEmailAsync(email))!.Id, role);
        return client;
    }

    /// <summary>The fields of a form on a page (hidden ones included: the antiforgery token and the like).</summary>
    public static async Task<Dictionary<string, string>> GetFormAsync(HttpClient client, string path, string formSelector)
    {
        var response = await client.GetAsync(path);
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"GET {path}: {response.StatusCode}");
        return FormFields(await ParseAsync(response), formSelector);
    }

    public static Dictionary<string, string> FormFields(IHtmlDocument page, string formSelector)
    {
        var form = page.QuerySelector(formSelector) ?? throw new InvalidOperationException($"No {formSelector} on the page.");
        return form.QuerySelectorAll("input[name]").ToDictionary(i => i.GetAttribute("name")!, i => i.GetAttribute("value") ?? "");
    }

    /// <summary>
    /// The fields as multipart/form-data, as a form with that enctype or a script sends them. ASP.NET refuses "%00"
    /// in a url-encoded form before any endpoint runs, but a multipart value reaches the endpoint with U+0000 intact.
    /// </summary>
    public static MultipartFormDataContent Multipart(IDictionary<string, string> fields)
    {
        var content = new MultipartFormDataContent();
        foreach (var (name, value) in fields)
        {
            content.Add(new StringContent(value), name);
        }
        return content;
    }

    /// <summary>The form's error message on a page that refused the post with 400 (asserts both).</summary>
    public static async Task<string> RefusalAsync(HttpResponseMessage response, string errorSelector = ".form-error")
    {
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var error = (await ParseAsync(response)).QuerySelector(errorSelector);
        Assert.True(error is not null, $"No {errorSelector} on the refusal page.");
        return error.TextContent;
    }

    public static async Task<IHtmlDocument> ParseAsync(HttpResponseMessage response) =>
        new HtmlParser().ParseDocument(await response.Content.ReadAsStringAsync());

    /// <summary>The handle in the header's profile link, or null when the page shows "Sign in".</summary>
    public static async Task<string?> SignedInHandleAsync(HttpClient client, string path = "/")
    {
        var page = await ParseAsync(await client.GetAsync(path));
        var profile = page.QuerySelector("header a.profile-link");
        Assert.True(profile is null == page.QuerySelector("header a.signin-link") is not null, "The header shows both or neither of sign-in and profile.");
        return profile?.GetAttribute("href")?["/users/".Length..];
    }

    /// <summary>Stores these papers and puts them on today's daily list (today by the site's clock); returns that day.</summary>
    public Task<DateOnly> PutOnTodaysListAsync(params DailyPapers.Papers.Paper[] papers) => PutOnTodaysListAsync(null, DateTime.UtcNow, papers);

    /// <summary>The same, submitted by <paramref name="submittedBy"/> at <paramref name="submittedAt"/>.</summary>
    public async Task<DateOnly> PutOnTodaysListAsync(long? submittedBy, DateTime submittedAt, params DailyPapers.Papers.Paper[] papers)
    {
        var today = DateOnly.FromDateTime(Clock.GetUtcNow().UtcDateTime);
        var store = Services.GetRequiredService<DailyPapers.Papers.PaperStore>();
        foreach (var paper in papers)
        {
            await store.UpsertAsync(paper);
        }
        await using var connection = await Db.Database.OpenAsync();
        await using var tx = await Db.Database.BeginWriteAsync(connection);
        foreach (var paper in papers)
        {
            await DailyPapers.Feed.DailyListStore.AddAsync(connection, tx, paper.ArxivId, today, submittedAt, submittedBy);
        }
        await tx.CommitAsync();
        return today;
    }

    public async ValueTask DisposeAsync()
    {
        await App.DisposeAsync();
        await _testApp.DisposeAsync();
        await Mail.DisposeAsync();
        if (_ownsDb)
        {
            await Db.DisposeAsync();
        }
    }

    [GeneratedRegex(@"https?://\S+/signin/link\?token=[A-Za-z0-9_-]+")]
    private static partial Regex LinkPattern();
}

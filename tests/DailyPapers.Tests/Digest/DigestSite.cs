using System.Net;
using System.Text.RegularExpressions;
using DailyPapers.Digest;
using DailyPapers.Digest.Delivery;
using DailyPapers.Papers;
using DailyPapers.Search.Sync;
using DailyPapers.Tests.Community;
using DailyPapers.Tests.Mail;
using DailyPapers.Tests.Search;
using DailyPapers.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace DailyPapers.Tests.Digest;

/// <summary>
/// A site for digest tests: the real app on its own database, mail to a real SMTP receiver, a movable clock, the
/// scheduler off (tests run the digest job themselves, as <c>digest send</c> does) and links on a public base URL.
/// </summary>
public sealed partial class DigestSite : IAsyncDisposable
{
    public const string BaseUrl = "https://papers.example.test";

    /// <summary>A Tuesday: its daily digest covers Monday's list; the weekly one sent the next Monday covers the week.</summary>
    public static readonly DateOnly Monday = new(2026, 11, 23);

    private readonly string _indexFolder;

    private DigestSite(AccountsSite site, string indexFolder, IInbox inbox)
    {
        Site = site;
        _indexFolder = indexFolder;
        Inbox = inbox;
    }

    /// <summary>Where this site's mail arrives: maildev (a separate process) when test.sh started one and the test asked for it, else <see cref="Mail"/>.</summary>
    public IInbox Inbox { get; }

    public AccountsSite Site { get; }
    public SmtpReceiver Mail => Site.Mail;
    public IServiceProvider Services => Site.Services;

    /// <param name="externalReceiver">Send to the maildev process test.sh started, when there is one.</param>
    public static async Task<DigestSite> StartAsync(string provider, IDictionary<string, string?>? settings = null, TestDatabase? sharedDb = null,
        bool externalReceiver = false)
    {
        var maildev = externalReceiver ? MaildevInbox.FromEnvironment() : null;
        var indexFolder = Path.Combine(Path.GetTempPath(), "dailypapers-digest-tests", Guid.NewGuid().ToString("N"));
        var all = new Dictionary<string, string?>
        {
            ["Search:IndexPath"] = indexFolder,
            ["Digest:Enabled"] = "false",
            ["Site:BaseUrl"] = BaseUrl,
            ["Search:EmbedInBackground"] = "false",
        };
        foreach (var (k, v) in (settings ?? new Dictionary<string, string?>()).Concat(maildev?.Settings ?? new Dictionary<string, string?>()))
        {
            all[k] = v;
        }
        var site = await AccountsSite.StartAsync(provider, all, sharedDb);
        return new DigestSite(site, indexFolder, maildev ?? (IInbox)new ReceiverInbox(site.Mail));
    }

    /// <summary>Another node on this site's database (its own clock), sending to <paramref name="receiver"/>.</summary>
    public Task<DigestSite> StartSecondNodeAsync(SmtpReceiver receiver) =>
        StartAsync(Site.Db.Provider.ToString(), new Dictionary<string, string?>(receiver.Settings), Site.Db);

    /// <summary>A browser-like client on https (Site:BaseUrl is https, so the sign-in cookie is Secure).</summary>
    public HttpClient Client() => Site.App.CreateClient(new Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactoryClientOptions
    {
        AllowAutoRedirect = false,
        BaseAddress = new Uri("https://localhost"),
    });

    /// <summary>The same, as a client at <paramref name="address"/>, for per-client limits.</summary>
    public HttpClient Client(string address)
    {
        var client = Client();
        client.DefaultRequestHeaders.Add(ClientAddressFromHeader.Header, address);
        return client;
    }

    /// <summary>Fills in the footer form of the home page, as a visitor would, and sends it.</summary>
    public async Task<HttpResponseMessage> SubscribeAsync(string email, string frequency = "daily", string topics = "", HttpClient? client = null)
    {
        client ??= Client();
        var page = await AccountsSite.ParseAsync(await client.GetAsync("/"));
        var form = page.QuerySelector("footer form.subscribe-form") ?? throw new InvalidOperationException("No subscribe form in the footer.");
        Assert.Equal("/subscribe", form.GetAttribute("action"));
        return await client.PostAsync("/subscribe", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["email"] = email, ["frequency"] = frequency, ["topics"] = topics,
        }));
    }

    /// <summary>The confirmation link in the newest confirmation mail to <paramref name="email"/>, as a path on this site.</summary>
    public async Task<string> ConfirmationLinkAsync(string email)
    {
        var mail = await Inbox.WaitForAsync(m => m.To.Equals(email, StringComparison.OrdinalIgnoreCase) && (m.Message.Subject ?? "").StartsWith("Confirm", StringComparison.Ordinal));
        var match = ConfirmPattern().Match(mail.Message.TextBody ?? "");
        Assert.True(match.Success, "No confirmation link in:\n" + mail.Message.TextBody);
        Assert.StartsWith(BaseUrl, match.Value, StringComparison.Ordinal);
        return new Uri(match.Value).PathAndQuery;
    }

    /// <summary>Opens the confirmation link and presses "Confirm".</summary>
    public async Task<HttpResponseMessage> ConfirmAsync(string email, HttpClient? client = null)
    {
        client ??= Client();
        var link = await ConfirmationLinkAsync(email);
        var form = await AccountsSite.GetFormAsync(client, link, "form.account-form");
        return await client.PostAsync("/subscribe/confirm", new FormUrlEncodedContent(form));
    }

    /// <summary>Subscribes and confirms through the pages; returns the subscription's id.</summary>
    public async Task<long> SubscribedAsync(string email, string frequency = "daily", string topics = "")
    {
        Assert.Equal(HttpStatusCode.OK, (await SubscribeAsync(email, frequency, topics)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await ConfirmAsync(email)).StatusCode);
        var s = await Services.GetRequiredService<DailyPapers.Digest.Subscriptions.SubscriptionStore>().FindByEmailAsync(email);
        Assert.Equal(DailyPapers.Digest.Subscriptions.SubscriptionStatus.Active, s!.Status);
        return s.Id;
    }

    /// <summary>Confirmed subscribers made straight in the store (the pages are tested elsewhere): reader-0@… to reader-(n-1)@….</summary>
    public async Task<IReadOnlyList<string>> AddSubscribersAsync(int count, DigestFrequency frequency = DigestFrequency.Daily, string prefix = "reader",
        Func<int, IReadOnlyList<string>>? topics = null)
    {
        var store = Services.GetRequiredService<DailyPapers.Digest.Subscriptions.SubscriptionStore>();
        var emails = new List<string>();
        for (var i = 0; i < count; i++)
        {
            var email = $"{prefix}-{i}@example.org";
            var token = DailyPapers.Community.Accounts.SecretTokens.Create();
            var hash = DailyPapers.Community.Accounts.SecretTokens.Hash(token);
            await store.RequestAsync(email, new DailyPapers.Digest.Subscriptions.SubscriptionChoice(frequency, topics?.Invoke(i) ?? [], false), null, hash);
            Assert.NotNull(await store.ConfirmAsync(hash, TimeSpan.FromDays(7)));
            emails.Add(email);
        }
        return emails;
    }

    /// <summary>Stores the papers and puts them on the list of <paramref name="day"/>, with the given upvotes.</summary>
    public async Task PutOnListAsync(DateOnly day, params (Paper Paper, int Upvotes)[] papers)
    {
        var store = Services.GetRequiredService<PaperStore>();
        var db = Site.Db.Database;
        await using var connection = await db.OpenAsync();
        foreach (var (paper, upvotes) in papers)
        {
            await store.UpsertAsync(paper);
            await using var tx = await db.BeginWriteAsync(connection);
            await DailyPapers.Feed.DailyListStore.AddAsync(connection, tx, paper.ArxivId, day, day.ToDateTime(new TimeOnly(9, 0), DateTimeKind.Utc), null);
            await Dapper.SqlMapper.ExecuteAsync(connection, "UPDATE papers SET upvotes = @upvotes WHERE arxiv_id = @id", new { upvotes, id = paper.ArxivId }, tx);
            await tx.CommitAsync();
        }
    }

    /// <summary>Runs the digest job for the issue going out on <paramref name="sendDate"/>, after the search index caught up.</summary>
    public async Task<DigestRunReport> RunAsync(DigestFrequency frequency, DateOnly sendDate)
    {
        await Services.GetRequiredService<SearchIndexSync>().SyncAsync(CancellationToken.None);
        return await Services.GetRequiredService<DigestRunner>().RunAsync(DigestPeriod.For(frequency, sendDate)!);
    }

    /// <summary>The digests (not confirmation mails) the receiver holds for <paramref name="email"/>.</summary>
    public async Task<IReadOnlyList<ReceivedMail>> DigestsToAsync(string email) =>
        (await Inbox.MessagesAsync()).Where(m => m.To.Equals(email, StringComparison.OrdinalIgnoreCase) && m.Message.Headers.Contains("List-Unsubscribe")).ToList();

    public static Paper Paper(string id, string title, string abstractText = "An abstract about nothing in particular.", DateTime? published = null, string category = "cs.LG") =>
        SearchTestPapers.Make(id, title, abstractText, ["Ada Lovelace", "Alan Turing"], [category], published ?? Monday.ToDateTime(new TimeOnly(8, 0), DateTimeKind.Utc));

    public async ValueTask DisposeAsync()
    {
        await Site.DisposeAsync();
        (Inbox as IDisposable)?.Dispose();
        await new TemporaryFolder(_indexFolder).DisposeAsync();
    }

    [GeneratedRegex(@"https?://\S+/subscribe/confirm\?token=[A-Za-z0-9_-]+")]
    private static partial Regex ConfirmPattern();
}

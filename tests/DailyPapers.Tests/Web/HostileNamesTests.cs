using System.Net;
using System.Xml.Linq;
using DailyPapers.Community.Accounts;
using DailyPapers.Tests.Community;
using DailyPapers.Tests.Papers;
using DailyPapers.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace DailyPapers.Tests.Web;

/// <summary>
/// What readers name things (display names, collection names, comments) is text on every page, feed and SVG that
/// shows it: markup in it runs nothing and breaks no document.
/// </summary>
public sealed class HostileNamesTests
{
    private const string Id = "2501.00002";
    private const string HostileName = "Eve \"><script>alert(1)</script><img src=x onerror=alert(2)>";
    private const string HostileCollection = "</title><script>alert(3)</script>]]>";

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task A_hostile_display_name_and_collection_name_are_text_on_pages_feeds_and_the_vote_chart(string provider)
    {
        await using var site = await AccountsSite.StartAsync(provider);
        await site.PutOnTodaysListAsync(PaperStoreTests.Sample(Id, title: SafetyTests.Hostile));
        var eve = site.Client();
        await site.SignInAsync(eve, "eve@example.org");
        var handle = (await site.Services.GetRequiredService<AccountStore>().FindByEmailAsync("eve@example.org"))!.Handle;

        var settings = await AccountsSite.GetFormAsync(eve, "/settings", "form.account-form");
        settings["displayName"] = HostileName;
        Assert.Equal(HttpStatusCode.Redirect, (await eve.PostAsync("/settings", new FormUrlEncodedContent(settings))).StatusCode);
        var comment = await AccountsSite.GetFormAsync(eve, $"/papers/{Id}", "section.comments > form.comment-form");
        comment["body"] = "Read it.";
        Assert.Equal(HttpStatusCode.Redirect, (await eve.PostAsync($"/comments/{Id}", new FormUrlEncodedContent(comment))).StatusCode);
        var collection = await AccountsSite.GetFormAsync(eve, "/collections", "form.collection-form");
        collection["name"] = HostileCollection;
        collection["isPublic"] = "true";
        collection["arxivId"] = Id;
        var collectionPath = (await eve.PostAsync("/collections", new FormUrlEncodedContent(collection))).Headers.Location!.OriginalString;
        var claim = await AccountsSite.GetFormAsync(eve, $"/papers/{Id}", "form.claim-form");
        claim["position"] = "0";
        await eve.PostAsync($"/claims/{Id}", new FormUrlEncodedContent(claim));
        var vote = await AccountsSite.GetFormAsync(eve, $"/papers/{Id}", "form.vote-form");
        await eve.PostAsync($"/vote/{Id}", new FormUrlEncodedContent(vote));
        var moderator = site.Client();
        await site.SignInAsync(moderator, "mod@example.org");
        var accounts = site.Services.GetRequiredService<AccountStore>();
        await accounts.SetRoleAsync((await accounts.FindByEmailAsync("mod@example.org"))!.Id, UserRole.Moderator);

        var pages = new (HttpClient Client, string Path, string Shows)[]
        {
            (site.Client(), $"/papers/{Id}", HostileName), (site.Client(), $"/users/{handle}", HostileCollection),
            (site.Client(), collectionPath, HostileCollection), (moderator, "/moderation", HostileName), (eve, "/collections", HostileCollection),
        };
        foreach (var (client, path, shows) in pages)
        {
            var html = await client.GetStringAsync(path);
            Assert.DoesNotContain("<script>alert", html, StringComparison.Ordinal);
            var doc = await AccountsSite.ParseAsync(new HttpResponseMessage { Content = new StringContent(html) });
            Assert.Empty(doc.QuerySelectorAll("img[onerror]"));
            Assert.All(doc.QuerySelectorAll("script"), s => Assert.Equal("/site.js", s.GetAttribute("src")));
            Assert.True(doc.Body!.TextContent.Contains(shows, StringComparison.Ordinal), $"{path} does not show the name as text");
        }

        // The collection's feed: well-formed, the names carried as text.
        var feed = XDocument.Parse(await site.Client().GetStringAsync(collectionPath + ".atom"));
        XNamespace atom = "http://www.w3.org/2005/Atom";
        Assert.Equal($"DailyPapers: {HostileCollection} by {HostileName}", feed.Root!.Element(atom + "title")!.Value);
        Assert.DoesNotContain(feed.Descendants(), e => e.Name.LocalName == "script");

        // The vote chart: only the chart's own elements, no handler, nothing from readers' text.
        var chart = (await AccountsSite.ParseAsync(await site.Client().GetAsync($"/papers/{Id}"))).QuerySelector("svg.vote-chart")!;
        Assert.All(chart.QuerySelectorAll("*"), e =>
        {
            Assert.Contains(e.LocalName, (string[])["title", "line", "polyline", "circle", "text"]);
            Assert.DoesNotContain(e.Attributes, a => a.Name.StartsWith("on", StringComparison.OrdinalIgnoreCase));
        });
        Assert.DoesNotContain("<", chart.TextContent, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("<script>alert(1)</script>", "SC")]
    [InlineData("\"&<>'x]]>", "X")]
    [InlineData("a\"><svg onload=alert(1)>", "AS")]
    public async Task Avatars_of_hostile_handles_are_well_formed_SVG_without_script(string handle, string initials)
    {
        await using var db = await TestDatabase.CreateAsync("Sqlite", migrate: false);
        await using var app = new TestApp(db);
        var response = await app.CreateClient().GetAsync($"/avatars/{Uri.EscapeDataString(handle)}.svg");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("image/svg+xml", response.Content.Headers.ContentType!.MediaType);
        var svg = XDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal(["svg", "rect", "text"], svg.Descendants().Select(e => e.Name.LocalName));
        Assert.DoesNotContain(svg.Descendants().Attributes(), a => a.Name.LocalName.StartsWith("on", StringComparison.OrdinalIgnoreCase));
        Assert.Equal(initials, svg.Root!.Value);
    }
}

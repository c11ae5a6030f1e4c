using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text.RegularExpressions;
using MimeKit;

namespace DailyPapers.Tests.Operations;

/// <summary>What a vote's answer said: the paper's count after it, or the status code of a refusal.</summary>
public sealed record VoteAnswer(HttpStatusCode Status, int? Upvotes)
{
    public bool Acknowledged => Status == HttpStatusCode.OK && Upvotes is not null;
}

/// <summary>
/// A signed-in reader of a running site, over HTTP only, as a browser with site.js would be: it signs in through the
/// form and the real link from the mail (read from the nodes' mail pickup folder), takes an antiforgery token from a page,
/// and votes with <c>POST /vote/{id}</c> asking for JSON. Used by the process-level tests and by the load benchmark.
/// </summary>
public sealed partial class SiteReader(HttpClient http, string email, string token)
{
    public HttpClient Http { get; } = http;
    public string Email { get; } = email;

    /// <summary>Signs <paramref name="email"/> in through <paramref name="http"/> (a client with cookies and a base address).</summary>
    public static async Task<SiteReader> SignInAsync(HttpClient http, string email, string pickupFolder, CancellationToken ct = default)
    {
        var form = await FormAsync(http, "/signin", "/signin", ct);
        form["email"] = email;
        var asked = DateTime.UtcNow.AddSeconds(-1);
        (await http.PostAsync("/signin", new FormUrlEncodedContent(form), ct)).EnsureSuccessStatusCode();
        var link = await LinkFromMailAsync(pickupFolder, email, asked, ct);
        var confirm = await FormAsync(http, link, "/signin/link", ct);
        var signedIn = await http.PostAsync("/signin/link", new FormUrlEncodedContent(confirm), ct);
        if (signedIn.StatusCode is not (HttpStatusCode.Redirect or HttpStatusCode.SeeOther or HttpStatusCode.OK))
        {
            throw new InvalidOperationException($"Signing in {email} answered {(int)signedIn.StatusCode}");
        }
        var settings = await FormAsync(http, "/settings", null, ct);
        return new SiteReader(http, email, settings["__RequestVerificationToken"]);
    }

    /// <summary>Votes for the paper, or takes the vote back (the form's wanted state: a repeat is harmless), and reads the count it answered with.</summary>
    public async Task<VoteAnswer> VoteAsync(string arxivId, bool up = true, CancellationToken ct = default)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/vote/" + arxivId)
        {
            Content = new FormUrlEncodedContent(new Dictionary<string, string>
            {
                ["__RequestVerificationToken"] = token,
                ["vote"] = up ? "up" : "remove",
                ["returnUrl"] = "/",
            }),
        };
        request.Headers.Accept.ParseAdd("application/json");
        using var response = await Http.SendAsync(request, ct);
        if (response.StatusCode != HttpStatusCode.OK)
        {
            return new VoteAnswer(response.StatusCode, null);
        }
        var state = await response.Content.ReadFromJsonAsync<VoteJson>(ct);
        return new VoteAnswer(response.StatusCode, state?.Upvotes);
    }

    private sealed record VoteJson(int Upvotes, bool Voted);

    /// <summary>
    /// The fields of a form on a page, hidden ones included: the first form posting to <paramref name="action"/>, or
    /// (null) the first one carrying an antiforgery token.
    /// </summary>
    public static async Task<Dictionary<string, string>> FormAsync(HttpClient http, string path, string? action, CancellationToken ct = default)
    {
        var html = await http.GetStringAsync(path, ct);
        foreach (Match form in FormPattern().Matches(html))
        {
            if (action is null ? form.Value.Contains("__RequestVerificationToken", StringComparison.Ordinal) : WebUtility.HtmlDecode(form.Groups["action"].Value) == action)
            {
                return InputPattern().Matches(form.Groups["body"].Value)
                    .Select(i => (Name: Attribute(i.Value, "name"), Value: Attribute(i.Value, "value") ?? ""))
                    .Where(i => i.Name is not null)
                    .GroupBy(i => i.Name!)
                    .ToDictionary(g => g.Key, g => g.First().Value);
            }
        }
        throw new InvalidOperationException($"No form{(action is null ? "" : " to " + action)} on {path}");
    }

    /// <summary>The sign-in link of the newest message to <paramref name="email"/> written after <paramref name="since"/>, as a path and query.</summary>
    public static async Task<string> LinkFromMailAsync(string pickupFolder, string email, DateTime since, CancellationToken ct = default)
    {
        var deadline = Stopwatch.StartNew();
        while (true)
        {
            if (Directory.Exists(pickupFolder))
            {
                foreach (var file in new DirectoryInfo(pickupFolder).GetFiles("*.eml").Where(f => f.LastWriteTimeUtc >= since).OrderByDescending(f => f.LastWriteTimeUtc))
                {
                    var message = await MimeMessage.LoadAsync(file.FullName, ct);
                    if (message.To.Mailboxes.Any(m => m.Address.Equals(email, StringComparison.OrdinalIgnoreCase))
                        && LinkPattern().Match(message.TextBody ?? "") is { Success: true } link)
                    {
                        return new Uri(link.Value).PathAndQuery;
                    }
                }
            }
            if (deadline.Elapsed > TimeSpan.FromMinutes(3))
            {
                throw new TimeoutException($"No sign-in mail to {email} in {pickupFolder}");
            }
            await Task.Delay(50, ct);
        }
    }

    private static string? Attribute(string tag, string name) =>
        Regex.Match(tag, $@"\s{name}=""(?<v>[^""]*)""") is { Success: true } m ? WebUtility.HtmlDecode(m.Groups["v"].Value) : null;

    [GeneratedRegex(@"<form[^>]*\saction=""(?<action>[^""]*)""[^>]*>(?<body>.*?)</form>", RegexOptions.Singleline)]
    private static partial Regex FormPattern();

    [GeneratedRegex(@"<input\b[^>]*>")]
    private static partial Regex InputPattern();

    [GeneratedRegex(@"https?://\S+/signin/link\?token=[A-Za-z0-9_-]+")]
    private static partial Regex LinkPattern();
}

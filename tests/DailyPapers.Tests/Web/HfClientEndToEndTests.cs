using System.Diagnostics;
using System.Text.Json.Nodes;
using DailyPapers.Community.Accounts;
using DailyPapers.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace DailyPapers.Tests.Web;

/// <summary>
/// A theory that needs Hugging Face's own client: the unmodified huggingface_hub source in <c>shared/clients</c>, found by
/// walking up from the repository. Where it is not there, the theory is reported as skipped, with the reason.
/// </summary>
public sealed class HfClientTheoryAttribute : TheoryAttribute
{
    public HfClientTheoryAttribute()
    {
        if (HfClient.Source is null)
        {
            Skip = $"huggingface_hub is not in a shared/clients folder above {HfClient.RepositoryRoot ?? AppContext.BaseDirectory}: the real-client test cannot run here.";
        }
    }
}

/// <summary>Where the client is and how to run it: python3 with PYTHONPATH at its source, HF_ENDPOINT at our server.</summary>
public static class HfClient
{
    /// <summary>The folder holding DailyPapers.slnx, above the test binaries.</summary>
    public static readonly string? RepositoryRoot = Up(AppContext.BaseDirectory).FirstOrDefault(d => File.Exists(Path.Combine(d, "DailyPapers.slnx")));

    /// <summary><c>shared/clients/huggingface_hub/src</c> in the repository root or any folder above it.</summary>
    public static readonly string? Source = RepositoryRoot is null ? null : Up(RepositoryRoot)
        .Select(d => Path.Combine(d, "shared", "clients", "huggingface_hub", "src"))
        .FirstOrDefault(s => File.Exists(Path.Combine(s, "huggingface_hub", "__init__.py")));

    private static IEnumerable<string> Up(string from)
    {
        for (var d = new DirectoryInfo(from); d is not null; d = d.Parent)
        {
            yield return d.FullName;
        }
    }

    /// <summary>Debian's Python, where test.sh installs the client's packages (a python3 earlier on the PATH may lack them).</summary>
    private static string Python => File.Exists("/usr/bin/python3") ? "/usr/bin/python3" : "python3";

    public sealed record Run(int ExitCode, string Stdout, string Stderr);

    /// <summary>Runs <c>python3 args…</c> against the server at <paramref name="endpoint"/>, in a home folder of its own.</summary>
    public static async Task<Run> PythonAsync(string endpoint, string home, string? token, params string[] args)
    {
        var start = new ProcessStartInfo(Python) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in args)
        {
            start.ArgumentList.Add(a);
        }
        start.Environment.Remove("HF_TOKEN");
        start.Environment["PYTHONPATH"] = Source!;
        start.Environment["HF_ENDPOINT"] = endpoint;
        start.Environment["HF_HOME"] = home;
        start.Environment["HF_HUB_DISABLE_TELEMETRY"] = "1";
        start.Environment["HF_HUB_OFFLINE"] = "0";
        start.Environment["NO_COLOR"] = "1";
        if (token is not null)
        {
            start.Environment["HF_TOKEN"] = token;
        }
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw;
        }
        return new Run(process.ExitCode, await stdout, await stderr);
    }
}

/// <summary>
/// The real huggingface_hub client, unchanged, against a real Kestrel server on the demo content: every argument of
/// list_daily_papers, list_papers, paper_info (and its not-found case), whoami, and the <c>hf</c> command's
/// <c>papers ls/search/info</c> and <c>auth whoami</c>.
/// </summary>
public sealed class HfClientEndToEndTests
{
    private const string Script = """
        import json, os, sys
        from huggingface_hub import HfApi
        from huggingface_hub.errors import HfHubHTTPError

        token = sys.argv[1]
        api = HfApi(endpoint=os.environ["HF_ENDPOINT"])

        def paper(p):
            return {
                "id": p.id, "title": p.title, "upvotes": p.upvotes, "comments": p.comments,
                "authors": [a.name for a in (p.authors or [])],
                "published_at": p.published_at.isoformat() if p.published_at else None,
                "submitted_at": p.submitted_at.isoformat() if p.submitted_at else None,
                "submitted_by": p.submitted_by.fullname if p.submitted_by else None,
                "github_repo": p.github_repo, "project_page": p.project_page,
            }

        def failure(call):
            try:
                call()
            except HfHubHTTPError as e:
                return {"status": e.response.status_code, "server_message": e.server_message, "message": str(e)}
            return None

        out = {
            "date": [paper(p) for p in api.list_daily_papers(date="2025-12-11")],
            "week": [paper(p) for p in api.list_daily_papers(week="2025-W50", limit=100)],
            "month": [paper(p) for p in api.list_daily_papers(month="2025-12", limit=100)],
            "submitter": [paper(p) for p in api.list_daily_papers(submitter="dailypapers", limit=5)],
            "trending": [paper(p) for p in api.list_daily_papers(sort="trending", date="2025-12-11", limit=3)],
            "page": [paper(p) for p in api.list_daily_papers(sort="publishedAt", date="2025-12-11", p=1, limit=10)],
            "with_token": [paper(p) for p in api.list_daily_papers(token=token, limit=1)],
            "search": [paper(p) for p in api.list_papers(query="grokking", limit=5)],
            "latest": [paper(p) for p in api.list_papers(limit=3)],
            "bad_date": failure(lambda: list(api.list_daily_papers(date="2025-13-01"))),
            "not_found": failure(lambda: api.paper_info("1234.56789")),
            "whoami": api.whoami(token=token),
        }
        info = api.paper_info("2511.13019")
        out["info"] = dict(paper(info), linked_models=len(info.linked_models), linked_datasets=len(info.linked_datasets),
                           linked_spaces=len(info.linked_spaces), num_total_models=info.num_total_models)
        print(json.dumps(out))
        """;

    [HfClientTheory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task The_real_client_and_the_hf_command_read_our_api(string provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider, migrate: false);
        await using var app = new TestApp(db, new Dictionary<string, string?> { ["Search:EmbedInBackground"] = "false" });
        var endpoint = app.StartKestrel();
        var (account, _) = await app.Services.GetRequiredService<AccountStore>().GetOrCreateByEmailAsync("marco@example.org");
        var (token, _) = await app.Services.GetRequiredService<ApiTokenStore>().CreateAsync(account.Id, "laptop");
        var home = Directory.CreateTempSubdirectory("dailypapers-hf-home").FullName;
        try
        {
            var script = Path.Combine(home, "client.py");
            await File.WriteAllTextAsync(script, Script);
            // The index follows the database within a poll: wait for it before searching.
            await WaitForSearchAsync(endpoint);

            var run = await HfClient.PythonAsync(endpoint, home, null, script, token);

            Assert.True(run.ExitCode == 0, run.Stderr);
            var r = JsonNode.Parse(run.Stdout)!;
            Assert.Equal(34, r["date"]!.AsArray().Count);
            Assert.Equal(34, r["week"]!.AsArray().Count);
            Assert.Equal(34, r["month"]!.AsArray().Count);
            Assert.Equal(5, r["submitter"]!.AsArray().Count);
            Assert.All(r["submitter"]!.AsArray(), p => Assert.Equal("DailyPapers demo", (string?)p!["submitted_by"]));
            Assert.Equal(3, r["trending"]!.AsArray().Count);
            Assert.Equal(10, r["page"]!.AsArray().Count);
            Assert.Single(r["with_token"]!.AsArray());
            var grokking = r["search"]!.AsArray()[0]!;
            Assert.Equal("2310.06110", (string?)grokking["id"]);
            Assert.Equal(4, grokking["authors"]!.AsArray().Count);
            Assert.Equal(3, r["latest"]!.AsArray().Count);
            Assert.Equal(400, (int)r["bad_date"]!["status"]!);
            Assert.Contains("yyyy-MM-dd", (string?)r["bad_date"]!["message"], StringComparison.Ordinal);
            Assert.Equal(404, (int)r["not_found"]!["status"]!);
            Assert.Contains("not an arXiv id", (string?)r["not_found"]!["server_message"], StringComparison.Ordinal);
            Assert.Equal("marco", (string?)r["whoami"]!["name"]);
            Assert.Equal("laptop", (string?)r["whoami"]!["auth"]!["accessToken"]!["displayName"]);
            var info = r["info"]!;
            Assert.Equal("https://github.com/sony/mf-rae", (string?)info["github_repo"]);
            Assert.Equal((0, 0, 0, 0), ((int)info["linked_models"]!, (int)info["linked_datasets"]!, (int)info["linked_spaces"]!, (int)info["num_total_models"]!));
            Assert.StartsWith("2025-12-11", (string?)r["date"]!.AsArray().Single(p => (string?)p!["id"] == "2511.13019")!["submitted_at"], StringComparison.Ordinal);

            var ls = await HfAsync(endpoint, home, null, "papers", "ls", "--date", "2025-12-11", "--limit", "5", "--format", "json");
            Assert.Equal(5, JsonNode.Parse(ls.Stdout)!.AsArray().Count);
            var search = await HfAsync(endpoint, home, null, "papers", "search", "grokking", "--format", "json");
            Assert.Equal("2310.06110", (string?)JsonNode.Parse(search.Stdout)!.AsArray()[0]!["id"]);
            var paperInfo = await HfAsync(endpoint, home, null, "papers", "info", "2511.13019");
            Assert.Equal("https://github.com/sony/mf-rae", (string?)JsonNode.Parse(paperInfo.Stdout)!["github_repo"]);
            var missing = await HfClient.PythonAsync(endpoint, home, null, "-m", "huggingface_hub.cli.hf", "papers", "info", "1234.56789");
            Assert.NotEqual(0, missing.ExitCode);
            Assert.Contains("Paper '1234.56789' not found on the Hub.", missing.Stderr, StringComparison.Ordinal);
            var whoami = await HfAsync(endpoint, home, token, "auth", "whoami");
            Assert.Contains("marco", whoami.Stdout, StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(home, recursive: true);
        }
    }

    private static async Task<HfClient.Run> HfAsync(string endpoint, string home, string? token, params string[] args)
    {
        var run = await HfClient.PythonAsync(endpoint, home, token, ["-m", "huggingface_hub.cli.hf", .. args]);
        Assert.True(run.ExitCode == 0, $"hf {string.Join(' ', args)}: exit {run.ExitCode}\n{run.Stderr}");
        return run;
    }

    private static async Task WaitForSearchAsync(string endpoint)
    {
        using var http = new HttpClient { BaseAddress = new Uri(endpoint) };
        for (var i = 0; i < 200 && !(await http.GetStringAsync("/api/papers/search?q=grokking&limit=1")).Contains("2310.06110", StringComparison.Ordinal); i++)
        {
            await Task.Delay(100);
        }
    }
}

using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using DailyPapers.Tests.Support;

namespace DailyPapers.Tests.Feed;

[Collection(DemoSiteCollection.Name)]
public sealed class DailyPapersApiTests(DemoSiteFixture site)
{
    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Items_have_the_keys_and_json_types_of_the_real_hugging_face_response(string provider)
    {
        var client = await site.Client(provider);
        var real = JsonNode.Parse(await File.ReadAllTextAsync(Path.Combine(AppContext.BaseDirectory, "Fixtures", "daily_papers_2024-10-25_first8.json")))!.AsArray();

        var ours = JsonNode.Parse(await client.GetStringAsync("/api/daily_papers?date=2025-12-11"))!.AsArray();

        Assert.Equal(34, ours.Count);
        foreach (var item in ours)
        {
            foreach (var reference in real)
            {
                AssertSameShape(reference!, item!, "$");
            }
        }
    }

    /// <summary>
    /// Every key of the reference is in ours with the same JSON type, except keys Hugging Face itself sends only when it
    /// has a value (the client's dataclasses take them as optional): media of a paper, and the account of a claimed author.
    /// </summary>
    internal static void AssertSameShape(JsonNode reference, JsonNode ours, string path)
    {
        switch (reference)
        {
            case JsonObject refObj:
                var obj = Assert.IsType<JsonObject>(ours);
                foreach (var (key, value) in refObj)
                {
                    if ((path == "$" && key == "mediaUrls")
                        || (path.EndsWith("authors[]", StringComparison.Ordinal) && key is "user" or "status" or "statusLastChangedAt" && !obj.ContainsKey(key)))
                    {
                        continue;
                    }
                    Assert.True(obj.ContainsKey(key), $"{path}.{key} is missing");
                    if (value is not null && obj[key] is not null)
                    {
                        AssertSameShape(value, obj[key]!, $"{path}.{key}");
                    }
                }
                break;
            case JsonArray refArr:
                var arr = Assert.IsType<JsonArray>(ours);
                if (refArr.Count > 0 && arr.Count > 0)
                {
                    AssertSameShape(refArr[0]!, arr[0]!, path + "[]");
                }
                break;
            default:
                Assert.True(reference.GetValueKind() == ours.GetValueKind() ||
                            (reference.GetValueKind() is JsonValueKind.True or JsonValueKind.False && ours.GetValueKind() is JsonValueKind.True or JsonValueKind.False),
                    $"{path}: expected {reference.GetValueKind()}, got {ours.GetValueKind()}");
                break;
        }
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Values_follow_hugging_face_semantics(string provider)
    {
        var client = await site.Client(provider);

        var items = JsonNode.Parse(await client.GetStringAsync("/api/daily_papers?date=2025-12-11&limit=3"))!.AsArray();
        var grokking = JsonNode.Parse(await client.GetStringAsync("/api/daily_papers?date=2025-12-11&limit=1&p=2"))!.AsArray()[0]!;

        Assert.Equal(3, items.Count);
        Assert.Equal("2503.08674", (string?)items[0]!["paper"]!["id"]);
        Assert.Equal(3, (int)items[0]!["paper"]!["upvotes"]!);
        Assert.Equal("2310.06110", (string?)grokking["paper"]!["id"]);
        Assert.StartsWith("2023-10-09", (string?)grokking["paper"]!["publishedAt"], StringComparison.Ordinal); // the arXiv date
        Assert.StartsWith("2025-12-11", (string?)grokking["publishedAt"], StringComparison.Ordinal);          // the list date
        Assert.Equal("Tanishq Kumar", (string?)grokking["paper"]!["authors"]![0]!["name"]);
        Assert.Equal("dailypapers", (string?)grokking["submittedBy"]!["name"]);
        Assert.Equal("dailypapers", (string?)grokking["paper"]!["submittedOnDailyBy"]!["user"]);
        Assert.Matches("^[0-9a-f]{24}$", (string?)grokking["paper"]!["discussionId"]);

        var week = JsonNode.Parse(await client.GetStringAsync("/api/daily_papers?week=2025-W50&limit=100"))!.AsArray();
        var month = JsonNode.Parse(await client.GetStringAsync("/api/daily_papers?month=2025-12&limit=100"))!.AsArray();
        var latest = JsonNode.Parse(await client.GetStringAsync("/api/daily_papers"))!.AsArray();
        var empty = JsonNode.Parse(await client.GetStringAsync("/api/daily_papers?date=2025-12-12"))!.AsArray();
        Assert.Equal(34, week.Count);
        Assert.Equal(34, month.Count);
        Assert.Equal(34, latest.Count);
        Assert.Empty(empty);
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Bad_parameters_get_400_problem_details_never_500(string provider)
    {
        var client = await site.Client(provider);

        foreach (var query in new[]
        {
            "date=2025-13-01", "date=yesterday", "date=2025-12-11%27%20OR%201=1", "week=2025-W99", "month=2025-1",
            "date=9999-12-31", "date=9999-12-26", "date=1990-12-31", "week=9999-W52", "month=9999-12",
            "limit=0", "limit=1000", "limit=-5", "limit=abc", "p=-1", "sort=random", "date=2025-12-11&week=2025-W50",
        })
        {
            var response = await client.GetAsync($"/api/daily_papers?{query}");
            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
            var problem = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
            Assert.Equal(400, (int)problem["status"]!);
            Assert.NotNull(problem["errors"]);
        }
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Paper_api_returns_the_paper_object_with_num_comments(string provider)
    {
        var client = await site.Client(provider);

        var paper = JsonNode.Parse(await client.GetStringAsync("/api/papers/2310.06110v2"))!;
        var catalogue = JsonNode.Parse(await client.GetStringAsync("/api/papers/0704.0001"))!;
        var missing = await client.GetAsync("/api/papers/2501.00001");
        var malformed = await client.GetAsync("/api/papers/not-an-id");
        var unparseable = await client.GetAsync("/api/papers/1234.56789");

        Assert.Equal("2310.06110", (string?)paper["id"]);
        Assert.Equal(0, (int)paper["numComments"]!);
        Assert.Equal(4, paper["authors"]!.AsArray().Count);
        Assert.False(catalogue.AsObject().ContainsKey("submittedOnDailyAt"));
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
        Assert.Equal("application/problem+json", missing.Content.Headers.ContentType?.MediaType);
        // As on huggingface.co (and as `hf papers info` expects to say "not found"): an id that cannot be a paper is not found.
        Assert.Equal(HttpStatusCode.NotFound, malformed.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, unparseable.StatusCode);
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task The_openapi_document_describes_the_json_api(string provider)
    {
        var client = await site.Client(provider);

        var doc = JsonNode.Parse(await client.GetStringAsync("/openapi/v1.json"))!;

        Assert.NotNull(doc["paths"]!["/api/daily_papers"]);
        Assert.NotNull(doc["paths"]!["/api/papers/{id}"]);
        Assert.Null(doc["paths"]!["/papers/{path}"]);
    }
}

using DailyPapers.Cli;
using DailyPapers.Ingest.Arxiv;
using DailyPapers.Papers;
using DailyPapers.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace DailyPapers.Tests.Ingest.Arxiv;

public class FetchVerbTests
{
    [Fact]
    public void Pasted_forms_are_read_without_asking_arxiv()
    {
        var error = new StringWriter();

        var ok = FetchVerb.TryParseIds(["arXiv:2310.06110", "https://arxiv.org/abs/2310.06110v2", "https://arxiv.org/pdf/2310.06110.pdf", "hep-th/9901001"], error, out var ids);

        Assert.True(ok);
        Assert.Equal(new[] { new ArxivId("2310.06110", null), new ArxivId("2310.06110", 2), new ArxivId("2310.06110", null), new ArxivId("hep-th/9901001", null) }, ids);
        Assert.Equal("", error.ToString());
    }

    [Fact]
    public void Every_bad_id_is_named()
    {
        var error = new StringWriter();

        var ok = FetchVerb.TryParseIds(["2310.06110", "garbage", "2313.00001", "https://example.com/abs/2310.06110"], error, out _);

        Assert.False(ok);
        Assert.Equal(
            new[] { "not an arXiv id: garbage", "not an arXiv id: 2313.00001", "not an arXiv id: https://example.com/abs/2310.06110" },
            error.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
    }

    [Fact]
    public async Task Garbage_ends_the_verb_with_exit_code_2_before_any_request()
    {
        await using var server = await ArxivReplayServer.StartAsync();

        // Validation runs before the host is even built, so nothing could reach arXiv or the replay server.
        Assert.True(Verbs.IsVerb(["fetch"]));
        Assert.Equal(2, await Verbs.RunAsync(["fetch", "1605.08386", "not-an-id"]));
        Assert.Empty(server.Requests);
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Stores_what_it_fetched_and_names_what_it_did_not_find(string provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider, migrate: false);
        await using var server = await ArxivReplayServer.StartAsync();
        await using var services = db.Services(configure: s => s.AddArxivClient().Configure<ArxivOptions>(o => ArxivTestRig.Configure(o, server)));

        var (code, output, error) = await FetchAsync(services, "0808.05394", "1707.08567");

        Assert.Equal(1, code);
        Assert.Equal("inserted  1707.08567v1  Proceedings of Workshop AEW10: Concepts in Information Theory and Communications", output.Trim());
        Assert.Equal("not found: 0808.05394", error.Trim());
        Assert.Single(server.Requests);
        var stored = await services.GetRequiredService<PaperStore>().GetAsync("1707.08567");
        Assert.NotNull(stored);
        Assert.Equal(34, stored.Authors.Count);
        Assert.Equal("Kees A. Schouhamer Immink", stored.Authors[0].Name);
        Assert.Equal("cs.IT", stored.PrimaryCategory);

        (code, output, _) = await FetchAsync(services, "https://arxiv.org/abs/1707.08567");

        Assert.Equal(0, code);
        Assert.StartsWith("unchanged 1707.08567v1  Proceedings", output, StringComparison.Ordinal);

        (code, output, _) = await FetchAsync(services, "1605.08386");

        Assert.Equal(0, code);
        Assert.Equal("inserted  1605.08386v1  Heat-bath random walks with Markov bases", output.Trim());
        Assert.Equal(3, server.Requests.Count);
    }

    private static async Task<(int Code, string Output, string Error)> FetchAsync(IServiceProvider services, params string[] ids)
    {
        var (output, error) = (new StringWriter(), new StringWriter());
        Assert.True(FetchVerb.TryParseIds(ids, error, out var parsed));
        var code = await FetchVerb.FetchAsync(services, parsed, output, error, CancellationToken.None);
        return (code, output.ToString(), error.ToString());
    }
}

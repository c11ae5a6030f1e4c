using DailyPapers.Ingest.Arxiv;
using DailyPapers.Papers;
using Microsoft.AspNetCore.WebUtilities;

namespace DailyPapers.Tests.Ingest.Arxiv;

public class ArxivClientTests
{
    private static Dictionary<string, string> Query(ReplayRequest r) =>
        QueryHelpers.ParseQuery(r.Query).ToDictionary(p => p.Key, p => p.Value.ToString());

    private static IEnumerable<string> IdsIn(params string[] fixtures) =>
        fixtures.SelectMany(f => ArxivAtomReader.Read(ArxivAtomReaderTests.Fixture(f)).Papers).Select(p => p.ArxivId);

    [Fact]
    public async Task A_search_pages_through_the_results_in_order()
    {
        await using var rig = await ArxivTestRig.StartAsync(configure: o => o.PageSize = 10);

        var result = await rig.Client.SearchAsync("testing", start: 0, maxResults: 60);

        Assert.True(result.Succeeded, result.Error?.Message);
        Assert.Equal(214881, result.TotalResults);
        Assert.Equal(
            IdsIn("q_testing_s0_m10", "q_testing_s10_m10", "q_testing_s20_m10", "q_testing_s30_m10", "q_testing_s40_m10", "q_testing_s50_m10"),
            result.Papers.Select(p => p.ArxivId));
        Assert.Equal(60, result.Papers.Select(p => p.ArxivId).Distinct().Count());
        Assert.Equal(new[] { "0", "10", "20", "30", "40", "50" }, rig.Server.Requests.Select(r => Query(r)["start"]));
        Assert.All(rig.Server.Requests, r => Assert.Equal(("testing", "10", "relevance", "descending"),
            (Query(r)["search_query"], Query(r)["max_results"], Query(r)["sortBy"], Query(r)["sortOrder"])));
    }

    [Fact]
    public async Task The_last_page_asks_only_for_what_is_left()
    {
        await using var rig = await ArxivTestRig.StartAsync(configure: o => o.PageSize = 15);

        var result = await rig.Client.SearchAsync("testing", start: 5, maxResults: 25);

        Assert.True(result.Succeeded, result.Error?.Message);
        Assert.Equal(25, result.Papers.Count);
        Assert.Equal(new[] { ("5", "15"), ("20", "10") }, rig.Server.Requests.Select(r => (Query(r)["start"], Query(r)["max_results"])));
        Assert.Equal(IdsIn("q_testing_s5_m15").Concat(IdsIn("q_testing_s20_m10")), result.Papers.Select(p => p.ArxivId));
    }

    [Theory]
    [InlineData("astro-ph/0601001", "astro-ph/0601001", 1, "Frequency of Hot Jupiters")]
    [InlineData("quant-ph/0201082v1", "quant-ph/0201082", 1, "Quantum Computers and Quantum Computer Languages")]
    [InlineData("2104.12255v1", "2104.12255", 1, "0")]
    [InlineData("1605.08386", "1605.08386", 1, "Heat-bath random walks with Markov bases")]
    public async Task Fetches_old_style_versioned_and_plain_ids(string pasted, string id, int version, string titleStart)
    {
        await using var rig = await ArxivTestRig.StartAsync();

        var result = await rig.Client.FetchByIdsAsync([ArxivId.Parse(pasted)]);

        Assert.True(result.Succeeded, result.Error?.Message);
        var paper = Assert.Single(result.Papers);
        Assert.Equal((id, version), (paper.ArxivId, paper.LatestVersion));
        Assert.StartsWith(titleStart, paper.Title, StringComparison.Ordinal);
        var request = Assert.Single(rig.Server.Requests);
        Assert.Equal((pasted, "", "100"), (Query(request)["id_list"], Query(request)["search_query"], Query(request)["max_results"]));
    }

    [Fact]
    public async Task Several_ids_go_in_one_call_and_the_missing_ones_are_named()
    {
        await using var rig = await ArxivTestRig.StartAsync();

        var result = await rig.Client.FetchByIdsAsync([ArxivId.Parse("0808.05394"), ArxivId.Parse("1707.08567")]);

        Assert.Equal("1707.08567", Assert.Single(result.Papers).ArxivId);
        Assert.Equal(34, result.Papers[0].Authors.Count);
        Assert.Equal(new[] { ArxivId.Parse("0808.05394") }, result.NotFound);
        Assert.Equal(new ArxivError(ArxivErrorKind.NotFound, "not found: 0808.05394"), result.Error);
        Assert.Equal("0808.05394,1707.08567", Query(Assert.Single(rig.Server.Requests))["id_list"]);
    }

    [Fact]
    public async Task An_id_arxiv_does_not_have_is_not_found()
    {
        await using var rig = await ArxivTestRig.StartAsync();

        // "0000.0000" has no month, so ArxivId.TryParse refuses it; arXiv just finds nothing.
        var result = await rig.Client.FetchByIdsAsync([new ArxivId("0000.0000", null)]);

        Assert.Empty(result.Papers);
        Assert.Equal(new[] { new ArxivId("0000.0000", null) }, result.NotFound);
        Assert.Equal(ArxivErrorKind.NotFound, result.Error?.Kind);
        Assert.Single(rig.Server.Requests);
    }

    [Fact]
    public async Task The_error_feed_is_a_malformed_id_error_and_is_not_retried()
    {
        await using var rig = await ArxivTestRig.StartAsync();

        // ArxivId.TryParse would refuse "abc"; built directly, it shows what arXiv's 400 error feed turns into.
        var result = await rig.Client.FetchByIdsAsync([new ArxivId("abc", null)]);

        Assert.Equal(new ArxivError(ArxivErrorKind.MalformedId, "malformed id: abc"), result.Error);
        Assert.Empty(result.Papers);
        Assert.Equal("id_abc_s0_m100_b79c8dcf6bc3.xml", Assert.Single(rig.Server.Requests).Answer);
    }

    [Fact]
    public async Task Another_http_error_is_reported_and_not_retried()
    {
        await using var rig = await ArxivTestRig.StartAsync();

        var result = await rig.Client.SearchAsync("no recording of this", maxResults: 10);

        Assert.Equal(ArxivErrorKind.HttpError, result.Error?.Kind);
        Assert.Contains("404", result.Error!.Message, StringComparison.Ordinal);
        Assert.Single(rig.Server.Requests);
    }
}

using Dapper;
using DailyPapers.Demo;
using DailyPapers.Papers;
using DailyPapers.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace DailyPapers.Tests.Demo;

public sealed class DemoLoaderTests
{
    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Loads_the_reference_list_and_the_catalogue_once(string provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider);
        await using var services = db.Services();
        var loader = services.GetRequiredService<DemoLoader>();

        var first = await loader.LoadIfEmptyAsync();
        var second = await loader.LoadIfEmptyAsync();

        Assert.True(first.Loaded);
        Assert.Equal(234, first.Papers);
        Assert.Equal(34, first.ListEntries);
        Assert.Empty(first.Rejected);
        Assert.False(second.Loaded);
        await using var connection = await db.Database.OpenAsync();
        Assert.Equal(234, await connection.ExecuteScalarAsync<int>("SELECT count(*) FROM papers"));
        Assert.Equal(34, await connection.ExecuteScalarAsync<int>("SELECT count(*) FROM daily_entries"));
        var grokking = await services.GetRequiredService<PaperStore>().GetAsync("2310.06110");
        Assert.Equal(["Tanishq Kumar", "Blake Bordelon", "Samuel J. Gershman", "Cengiz Pehlevan"], grokking!.Authors.Select(a => a.Name));
        var snapshot = await services.GetRequiredService<PaperStore>().GetAsync("0704.0001");
        Assert.Equal("hep-ph", snapshot!.PrimaryCategory);
        Assert.Equal(2, snapshot.LatestVersion);
        Assert.Equal("Balázs", snapshot.Authors[0].Name.Split(' ')[^1]);
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Nothing_is_loaded_when_disabled_or_into_a_database_that_has_papers(string provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider);
        await using (var disabled = db.Services(configure: s => s.Configure<DemoOptions>(o => o.Enabled = false)))
        {
            Assert.False((await disabled.GetRequiredService<DemoLoader>().LoadIfEmptyAsync()).Loaded);
        }
        await using var services = db.Services();
        await services.GetRequiredService<PaperStore>().UpsertAsync(PaperStoreTests_Sample());

        Assert.False((await services.GetRequiredService<DemoLoader>().LoadIfEmptyAsync()).Loaded);
        Assert.Equal(1, await services.GetRequiredService<PaperStore>().CountAsync());
    }

    [Fact]
    public void Malformed_lines_are_reported_with_their_line_number_and_skipped()
    {
        var lines = string.Join('\n',
            new[]
            {
                    """{"id":"0704.0001","title":"Fine","abstract":"x","versions":[{"version":"v1","created":"Mon, 2 Apr 2007 19:18:42 GMT"}],"authors_parsed":[["Doe","J",""]]}""",
                    """{"id":"0704.0002","title": broken""",
                    """{"title":"no id"}""",
                    """{"id":"0704.0003","title":"Bad types","versions":"v1"}""",
                    "",
                    """{"id":"0704.0004","title":"Fine too","abstract":"y","update_date":"2008-11-26"}""",
            });
        var (papers, rejected) = DemoContent.ReadSnapshot(new MemoryStream(System.Text.Encoding.UTF8.GetBytes(lines)), "test.jsonl");

        Assert.Equal(["0704.0001", "0704.0004"], papers.Select(p => p.ArxivId));
        Assert.Equal([2L, 3L, 4L], rejected.Select(r => r.LineNumber));
        Assert.Contains("missing id", rejected[1].Reason, StringComparison.Ordinal);
    }

    private static Paper PaperStoreTests_Sample() => Papers.PaperStoreTests.Sample();
}

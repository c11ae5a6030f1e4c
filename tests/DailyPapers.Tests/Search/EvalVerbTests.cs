using System.Text.Json;
using DailyPapers.Tests.Cli;

namespace DailyPapers.Tests.Search;

/// <summary>
/// The eval verb on a five-document BEIR folder made here, whose figures are worked out by hand: keyword
/// search misses a query phrased in other words and half of another query's relevant documents; the vectors
/// (MiniLM, the default) put every relevant document first.
/// </summary>
public sealed class EvalVerbTests : IDisposable
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "dailypapers-eval-tests", Guid.NewGuid().ToString("N"));

    public EvalVerbTests()
    {
        Directory.CreateDirectory(Path.Combine(_folder, "qrels"));
        File.WriteAllLines(Path.Combine(_folder, "corpus.jsonl"),
        [
            Doc("d1", "Why domestic cats purr", "Cats purr with the larynx when they are content, and also when they are hurt."),
            Doc("d2", "Entangled photons for quantum key distribution", "Pairs of entangled photons carry secret keys over optical fibre."),
            Doc("d3", "The chemistry of sourdough bread", "Wild yeast and lactic bacteria leaven the dough before baking."),
            Doc("d4", "Magma beneath an erupting volcano", "Seismic data bound the depth of the magma chamber under the crater."),
            Doc("d5", "Superconducting qubits", "Superconducting circuits hold superposition states for microseconds while errors are corrected."),
        ]);
        File.WriteAllLines(Path.Combine(_folder, "queries.jsonl"),
        [
            """{"_id": "q1", "text": "Why do cats purr?"}""",
            """{"_id": "q2", "text": "feline vocal sounds"}""",
            """{"_id": "q3", "text": "quantum photons"}""",
            """{"_id": "q4", "text": "a query without judgements"}""",
        ]);
        File.WriteAllLines(Path.Combine(_folder, "qrels", "test.tsv"),
            ["query-id\tcorpus-id\tscore", "q1\td1\t1", "q2\td1\t1", "q3\td2\t1", "q3\td5\t1", "q3\td3\t0"]);
    }

    private static string Doc(string id, string title, string text) => JsonSerializer.Serialize(new Dictionary<string, string> { ["_id"] = id, ["title"] = title, ["text"] = text });

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public async Task Json_output_has_the_hand_computed_figures_for_each_method()
    {
        var (exit, stdout, stderr) = await MigrateVerbTests.RunAsync(new Dictionary<string, string?>(), "eval", _folder, "--json", "--cache", Path.Combine(_folder, "cache"));

        Assert.True(exit == 0, stderr);
        using var json = JsonDocument.Parse(stdout);
        Assert.Equal(["keyword", "vector", "hybrid"], json.RootElement.EnumerateObject().Select(p => p.Name));
        // keyword: q1 finds d1 (1, 1, 1); q2 finds nothing (0, 0, 0); q3 finds d2 only:
        // nDCG = 1 / (1 + 1/log2 3) = 0.61315, recall 0.5, RR 1.
        AssertScores(json.RootElement.GetProperty("keyword"), (1 + 0 + 0.61315) / 3, (1 + 0 + 0.5) / 3, 2.0 / 3);
        AssertScores(json.RootElement.GetProperty("vector"), 1, 1, 1);
        AssertScores(json.RootElement.GetProperty("hybrid"), 1, 1, 1);

        // The corpus vectors are cached: a second run embeds nothing and gives the same figures.
        var again = await MigrateVerbTests.RunAsync(new Dictionary<string, string?>(), "eval", _folder, "--json", "--cache", Path.Combine(_folder, "cache"));
        Assert.Equal(stdout, again.Out);
        Assert.Single(Directory.GetFiles(Path.Combine(_folder, "cache"), "MiniLM-*.f32"));
    }

    [Fact]
    public async Task A_missing_split_is_named_with_exit_code_2()
    {
        var (exit, stdout, stderr) = await MigrateVerbTests.RunAsync(new Dictionary<string, string?>(), "eval", _folder, "--split", "train");

        Assert.Equal(2, exit);
        Assert.Empty(stdout);
        Assert.Contains("no train split", stderr, StringComparison.Ordinal);
        Assert.Contains("--split test", stderr, StringComparison.Ordinal);
    }

    private static void AssertScores(JsonElement scores, double ndcg, double recall, double mrr)
    {
        Assert.Equal(ndcg, scores.GetProperty("ndcg@10").GetDouble(), 4);
        Assert.Equal(recall, scores.GetProperty("recall@100").GetDouble(), 4);
        Assert.Equal(mrr, scores.GetProperty("mrr@10").GetDouble(), 4);
    }
}

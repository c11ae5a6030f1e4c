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
        Assert.Equal(["keyword", "vector", "hybrid", "sets"], json.RootElement.EnumerateObject().Select(p => p.Name));
        // keyword: q1 finds d1 (1, 1, 1); q2 finds nothing (0, 0, 0); q3 finds d2 only:
        // nDCG = 1 / (1 + 1/log2 3) = 0.61315, recall 0.5, RR 1.
        AssertScores(json.RootElement.GetProperty("keyword"), (1 + 0 + 0.61315) / 3, (1 + 0 + 0.5) / 3, 2.0 / 3);
        AssertScores(json.RootElement.GetProperty("vector"), 1, 1, 1);
        // hybrid: the vectors find q2's d1 (1, 1, 1); q3's two words are both in d2's title, so it is ranked by its words
        // alone (Search:Fusion:ShortTitleKeywordOnly) and scores as keyword does.
        AssertScores(json.RootElement.GetProperty("hybrid"), (1 + 1 + 0.61315) / 3, (1 + 1 + 0.5) / 3, 1);

        // The corpus vectors are cached: a second run embeds nothing and gives the same figures.
        var again = await MigrateVerbTests.RunAsync(new Dictionary<string, string?>(), "eval", _folder, "--json", "--cache", Path.Combine(_folder, "cache"));
        Assert.Equal(stdout, again.Out);
        Assert.Single(Directory.GetFiles(Path.Combine(_folder, "cache"), "MiniLM-*.f32"));
    }

    [Fact]
    public async Task Generated_sets_are_scored_on_both_halves_from_the_corpus_titles()
    {
        var (exit, stdout, stderr) = await MigrateVerbTests.RunAsync(new Dictionary<string, string?>(), "eval", _folder, "--json", "--cache", Path.Combine(_folder, "cache"));

        Assert.True(exit == 0, stderr);
        using var json = JsonDocument.Parse(stdout);
        var sets = json.RootElement.GetProperty("sets").EnumerateArray().ToList();
        // Five titles: every title query finds its paper first; no authors and no arXiv ids, so those sets are left out.
        var titles = sets.Where(s => s.GetProperty("set").GetString() == "title").ToList();
        Assert.Equal(5, titles.Sum(s => s.GetProperty("queries").GetInt32()));
        Assert.All(titles, s => Assert.Equal(1, s.GetProperty("keyword").GetProperty("success@1").GetDouble()));
        Assert.Contains(sets, s => s.GetProperty("half").GetString() == "train");
        Assert.Contains(sets, s => s.GetProperty("half").GetString() == "test");
        Assert.DoesNotContain(sets, s => s.GetProperty("set").GetString() is "author-topic" or "arxiv-id");
    }

    [Theory]
    [InlineData("""{"id": "x1", "title": "A title", "summary": "An abstract"}""", "no \"_id\" or \"text\" field")]
    [InlineData("""{"_id": "x1", "title": "A title"}""", "no \"text\" field")]
    [InlineData("not json", "not JSON")]
    public async Task A_corpus_line_without_the_beir_fields_is_refused_with_its_line_number(string badLine, string problem)
    {
        var lines = File.ReadAllLines(Path.Combine(_folder, "corpus.jsonl")).ToList();
        lines.Insert(2, badLine);
        File.WriteAllLines(Path.Combine(_folder, "corpus.jsonl"), lines);

        var (exit, stdout, stderr) = await MigrateVerbTests.RunAsync(new Dictionary<string, string?>(), "eval", _folder, "--cache", Path.Combine(_folder, "cache"));

        Assert.Equal(2, exit);
        Assert.Empty(stdout);
        Assert.Contains("corpus.jsonl, line 3:", stderr, StringComparison.Ordinal);
        Assert.Contains(problem, stderr, StringComparison.Ordinal);
        Assert.Empty(Directory.Exists(Path.Combine(_folder, "cache")) ? Directory.GetFiles(Path.Combine(_folder, "cache")) : []);
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

    [Fact]
    public async Task Vectors_from_a_vector_file_are_used_and_only_the_documents_it_lacks_are_embedded()
    {
        // One-hot vectors for d1..d4, nothing like what the model makes: vector search can no longer find d1 and d2.
        var name = Path.Combine(_folder, "vectors");
        File.WriteAllLines(name + ".ids", ["d1", "d2", "d3", "d4"]);
        File.WriteAllBytes(name + ".f32", Enumerable.Range(0, 4).SelectMany(i => Enumerable.Range(0, 384).SelectMany(d => BitConverter.GetBytes(d == i ? 1f : 0f))).ToArray());

        var (exit, stdout, stderr) = await MigrateVerbTests.RunAsync(new Dictionary<string, string?>(), "eval", _folder, "--json", "--vectors", name, "--cache", Path.Combine(_folder, "cache"));

        Assert.True(exit == 0, stderr);
        Assert.Contains("4 documents have vectors from the vector file; embedding the other 1", stderr, StringComparison.Ordinal);
        using var json = JsonDocument.Parse(stdout);
        Assert.True(json.RootElement.GetProperty("vector").GetProperty("ndcg@10").GetDouble() < 0.5, stdout);
        Assert.False(Directory.Exists(Path.Combine(_folder, "cache")) && Directory.GetFiles(Path.Combine(_folder, "cache")).Length > 0);

        File.WriteAllBytes(name + ".f32", new byte[100]);
        var bad = await MigrateVerbTests.RunAsync(new Dictionary<string, string?>(), "eval", _folder, "--vectors", name);
        Assert.Equal(2, bad.Exit);
        Assert.Contains("vectors.f32: 100 bytes are not 4 rows", bad.Err, StringComparison.Ordinal);
    }

    private static void AssertScores(JsonElement scores, double ndcg, double recall, double mrr)
    {
        Assert.Equal(ndcg, scores.GetProperty("ndcg@10").GetDouble(), 4);
        Assert.Equal(recall, scores.GetProperty("recall@100").GetDouble(), 4);
        Assert.Equal(mrr, scores.GetProperty("mrr@10").GetDouble(), 4);
    }
}

using System.Globalization;
using System.Numerics.Tensors;
using DailyPapers.Search;
using DailyPapers.Search.Semantic;
using DailyPapers.Tests.Support;
using Microsoft.Extensions.Logging;

namespace DailyPapers.Tests.Search;

public sealed class VectorIndexTests
{
    private const int Dimensions = 16;

    private static float[] RandomUnit(Random random)
    {
        var v = Enumerable.Range(0, Dimensions).Select(_ => (float)(random.NextDouble() * 2 - 1)).ToArray();
        TensorPrimitives.Divide(v, TensorPrimitives.Norm(v), v);
        return v;
    }

    private static (VectorIndex Index, Dictionary<string, float[]> Vectors) Build(int count, int seed = 7, VectorPrecision precision = VectorPrecision.F32)
    {
        var random = new Random(seed);
        var index = new VectorIndex(Dimensions, precision: precision);
        var vectors = new Dictionary<string, float[]>();
        for (var i = 0; i < count; i++)
        {
            var id = $"p{i}";
            vectors[id] = RandomUnit(random);
            index.Upsert(id, vectors[id], publishedDay: i, categories: [i % 2 == 0 ? "cs.LG" : "math.CO"], visible: true);
        }
        return (index, vectors);
    }

    private static List<string> BruteForce(Dictionary<string, float[]> vectors, float[] query, int k, Func<string, bool>? keep = null) =>
        vectors.Where(v => keep?.Invoke(v.Key) ?? true)
            .OrderByDescending(v => TensorPrimitives.Dot(query, v.Value)).ThenBy(v => v.Key, StringComparer.Ordinal)
            .Take(k).Select(v => v.Key).ToList();

    [Fact]
    public void Exact_search_returns_the_true_top_k_best_first()
    {
        var (index, vectors) = Build(20_000); // large enough for the parallel scan
        using var _ = index;
        var query = RandomUnit(new Random(99));

        var hits = index.Search(query, 10, SearchFilter.None);

        Assert.Equal(BruteForce(vectors, query, 10), hits.Select(h => h.Id));
        Assert.Equal(TensorPrimitives.Dot(query, vectors[hits[0].Id]), hits[0].Score, 5);
    }

    [Fact]
    public void Filters_exclusion_hiding_and_removal_apply()
    {
        var (index, vectors) = Build(200);
        using var _ = index;
        var query = vectors["p10"];

        var filtered = index.Search(query, 5, new SearchFilter { Category = "cs", From = DateOnly.FromDayNumber(50) });
        Assert.Equal(BruteForce(vectors, query, 5, id => int.Parse(id[1..], CultureInfo.InvariantCulture) is var n && n % 2 == 0 && n >= 50), filtered.Select(h => h.Id));

        Assert.Equal("p10", index.Search(query, 1, SearchFilter.None)[0].Id);
        Assert.DoesNotContain("p10", index.Search(query, 5, SearchFilter.None, exclude: "p10").Select(h => h.Id));

        index.UpdateFacts("p10", 10, ["cs.LG"], visible: false);
        index.Remove("p11");
        Assert.Equal(198, index.VisibleCount);
        Assert.DoesNotContain(index.Search(query, 200, SearchFilter.None), h => h.Id is "p10" or "p11");
        Assert.NotNull(index.GetVector("p10"));
        Assert.Null(index.GetVector("p11"));
    }

    [Fact]
    public void An_index_disposed_while_its_graph_is_being_built_stops_the_build_quietly()
    {
        // A node stopping mid-build: the build's thread must neither crash the process on the disposed lock nor log a failure.
        using var log = new LogCapture();
        var random = new Random(5);
        var index = new VectorIndex(Dimensions, hnswThreshold: 50, log.CreateLogger("DailyPapers.Search.Semantic.VectorIndex"));
        index.DeferGraphBuild(true);
        for (var i = 0; i < 20_000; i++)
        {
            index.Upsert($"p{i}", RandomUnit(random), publishedDay: i, categories: ["cs.LG"], visible: true);
        }
        index.DeferGraphBuild(false); // the build starts on its own thread
        index.Dispose();
        Thread.Sleep(1000);

        Assert.DoesNotContain(log.Entries, e => e.Level >= LogLevel.Warning);
    }

    [Fact]
    public void A_deferred_graph_is_built_once_when_the_backlog_is_in_with_every_vector_of_it()
    {
        var random = new Random(3);
        using var index = new VectorIndex(Dimensions, hnswThreshold: 50);
        var vectors = new Dictionary<string, float[]>();
        index.DeferGraphBuild(true);
        for (var i = 0; i < 500; i++)
        {
            vectors[$"p{i}"] = RandomUnit(random);
            index.Upsert($"p{i}", vectors[$"p{i}"], publishedDay: i, categories: ["cs.LG"], visible: true);
        }
        // Past the threshold ten times over, and still exact: nothing was built while the backlog came in.
        Assert.False(index.UsesHnsw);
        Assert.Equal(0, index.HnswBuilds);
        var query = RandomUnit(random);
        Assert.Equal(BruteForce(vectors, query, 10), index.Search(query, 10, SearchFilter.None).Select(h => h.Id));

        index.DeferGraphBuild(false);
        // The build runs on a thread of its own; wait for it to be in use.
        for (var i = 0; i < 600 && !index.UsesHnsw; i++)
        {
            Thread.Sleep(50);
        }
        Assert.True(index.UsesHnsw);
        Assert.Equal(1, index.HnswBuilds);
        foreach (var id in new[] { "p0", "p250", "p499" })
        {
            Assert.Equal(id, index.Search(vectors[id], 1, SearchFilter.None)[0].Id);
        }
    }

    [Theory]
    [InlineData(VectorPrecision.F32)]
    [InlineData(VectorPrecision.F16)]
    [InlineData(VectorPrecision.I8)]
    public void The_hnsw_graph_agrees_with_exact_search_and_follows_later_writes(VectorPrecision precision)
    {
        var (index, vectors) = Build(3_000, precision: precision);
        using var _ = index;
        index.BuildHnsw();
        Assert.True(index.UsesHnsw);
        var random = new Random(5);
        var agreement = 0.0;
        for (var q = 0; q < 20; q++)
        {
            var query = RandomUnit(random);
            var hits = index.Search(query, 10, SearchFilter.None);
            agreement += hits.Select(h => h.Id).Intersect(BruteForce(vectors, query, 10)).Count() / 10.0;
            // Whatever the graph holds, the scores are float32 cosines of the stored vectors (quantised graphs are re-scored).
            Assert.All(hits, h => Assert.InRange(Math.Abs(TensorPrimitives.Dot(query, vectors[h.Id]) - h.Score), 0, 1e-5));
        }
        Assert.True(agreement / 20 >= 0.9, $"recall@10 {agreement / 20}");

        var fresh = RandomUnit(random);
        index.Upsert("new", fresh, 1, ["cs.LG"], visible: true);
        Assert.Equal("new", index.Search(fresh, 1, SearchFilter.None)[0].Id);
        index.Remove("new");
        Assert.NotEqual("new", index.Search(fresh, 1, SearchFilter.None)[0].Id);
    }

    [Fact]
    public void A_half_precision_graph_rescores_its_best_candidates_into_the_order_of_rescoring_them_all()
    {
        // Random vectors: cosines crowd around 0, where half precision's error is largest against the gaps between them.
        var (index, _) = Build(3_000, seed: 11, precision: VectorPrecision.F16);
        using var _ = index;
        index.BuildHnsw();
        var random = new Random(13);
        for (var q = 0; q < 20; q++)
        {
            var query = RandomUnit(random);
            index.F16Rescored = index.RescoreFactor;
            var all = index.Search(query, 100, SearchFilter.None);
            index.F16Rescored = 2;
            var best = index.Search(query, 100, SearchFilter.None);
            Assert.Equal(all.Select(h => (h.Id, h.Score)), best.Select(h => (h.Id, h.Score)));
        }
    }

    [Fact]
    public void Many_threads_search_the_hnsw_graph_at_once_without_failing()
    {
        // USearch keeps one search context per hardware thread and fails a search beyond them; a web server
        // under load searches from more threads than there are cores.
        var (index, vectors) = Build(2_000);
        index.BuildHnsw();
        var queries = vectors.Values.Take(64).ToList();
        var failures = new System.Collections.Concurrent.ConcurrentBag<Exception>();
        using var start = new Barrier(32);
        var threads = Enumerable.Range(0, 32).Select(t => new Thread(() =>
        {
            start.SignalAndWait();
            for (var i = 0; i < 200; i++)
            {
                try
                {
                    if (index.Search(queries[(t + i) % queries.Count], 10, SearchFilter.None).Count != 10)
                    {
                        failures.Add(new InvalidOperationException("fewer than 10 hits"));
                    }
                }
                catch (Cloud.Unum.USearch.USearchException e)
                {
                    failures.Add(e);
                }
            }
        })).ToList();
        threads.ForEach(t => t.Start());
        threads.ForEach(t => t.Join());

        Assert.Empty(failures);
        index.Dispose();
    }
}

using System.Numerics.Tensors;
using DailyPapers.Search.Semantic;

namespace DailyPapers.Tests.Search;

/// <summary>Queries embedded together, in one model run, get the vectors they get alone.</summary>
public sealed class QueryEmbeddingBatchesTests
{
    private static readonly TextEmbedder Embedder = new(EmbeddingModel.MiniLM);

    private static readonly string[] Queries =
    [
        "sourdough", "entangled photons for quantum key distribution over fibre", "mean field games", "y bengio",
        "attention heads that copy tokens from the context in large language models", "magma", "graph neural networks", "cats purr",
    ];

    [Fact]
    public void A_run_of_queries_of_different_lengths_gives_each_its_own_vector()
    {
        var together = Embedder.EmbedQueries(Queries);

        Assert.Equal(Queries.Length, together.Length);
        foreach (var (query, vector) in Queries.Zip(together))
        {
            Assert.Equal(1f, TensorPrimitives.Dot(Embedder.EmbedQuery(query), vector), 4);
        }
    }

    [Fact]
    public void Queries_arriving_at_once_from_many_threads_each_get_their_own_vector()
    {
        using var batches = new QueryEmbeddingBatches(Embedder);
        var texts = Enumerable.Range(0, 48).Select(i => $"{Queries[i % Queries.Length]} {i}").ToList();

        var vectors = new float[texts.Count][];
        Parallel.For(0, texts.Count, new ParallelOptions { MaxDegreeOfParallelism = 12 }, i => vectors[i] = batches.Embed(texts[i]));

        for (var i = 0; i < texts.Count; i++)
        {
            Assert.Equal(1f, TensorPrimitives.Dot(Embedder.EmbedQuery(texts[i]), vectors[i]), 4);
        }
    }
}

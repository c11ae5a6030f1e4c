namespace DailyPapers.Search.Semantic;

/// <summary>
/// Embeds the queries that arrive together in one model run. One run holds the model at a time (it uses both
/// cores); queries that come in meanwhile wait and go into the next run together, up to <see cref="MaxBatch"/>.
/// A run of a few short queries costs little more than one of them alone, where separate runs side by side
/// would each pay the model's fixed cost and contend for the cores. A query that finds the model free runs at
/// once, alone.
/// </summary>
public sealed class QueryEmbeddingBatches(TextEmbedder embedder) : IDisposable
{
    public const int MaxBatch = 16;

    private readonly Lock _gate = new();
    private readonly SemaphoreSlim _model = new(1, 1);
    private Batch? _open;

    public float[] Embed(string text)
    {
        Batch batch;
        int slot;
        bool leads;
        lock (_gate)
        {
            leads = _open is null;
            batch = _open ??= new Batch();
            slot = batch.Texts.Count;
            batch.Texts.Add(text);
            if (batch.Texts.Count == MaxBatch)
            {
                _open = null;
            }
        }
        if (leads)
        {
            Run(batch);
        }
        return batch.Vectors.Task.GetAwaiter().GetResult()[slot];
    }

    public void Dispose() => _model.Dispose();

    /// <summary>The first query of a batch waits for the model, closes the batch and runs it for everyone in it.</summary>
    private void Run(Batch batch)
    {
        _model.Wait();
        try
        {
            lock (_gate)
            {
                if (_open == batch)
                {
                    _open = null;
                }
            }
            batch.Vectors.SetResult(embedder.EmbedQueries(batch.Texts));
        }
#pragma warning disable CA1031 // every query of the batch gets the model's exception, not only the one that ran it
        catch (Exception e)
#pragma warning restore CA1031
        {
            batch.Vectors.SetException(e);
        }
        finally
        {
            _model.Release();
        }
    }

    private sealed class Batch
    {
        public List<string> Texts { get; } = [];
        public TaskCompletionSource<float[][]> Vectors { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }
}

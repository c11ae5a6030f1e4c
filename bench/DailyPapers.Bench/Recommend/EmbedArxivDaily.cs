using DailyPapers.Search.Semantic;

namespace DailyPapers.Bench.Recommend;

/// <summary>
/// <c>embed-arxiv-daily [--data FOLDER] [--out PATH] [--workers N]</c>: computes the MiniLM vectors of every
/// arxiv-daily paper the vector file lacks (run it under <c>nice</c>; ~1 h on 2 free cores).
/// </summary>
internal static class EmbedArxivDaily
{
    public static int Run(string[] args)
    {
        var data = Arg(args, "--data") ?? ArxivDaily.DefaultFolder;
        var output = Arg(args, "--out") ?? PaperVectorFile.DefaultPath;
        var workers = int.Parse(Arg(args, "--workers") ?? "2", System.Globalization.CultureInfo.InvariantCulture);
        var papers = ArxivDaily.Load(data);
        using var cancel = new CancellationTokenSource();
        Console.CancelKeyPress += (_, e) => { e.Cancel = true; cancel.Cancel(); };
        var embedder = new TextEmbedder(EmbeddingModel.MiniLM);
        new PaperVectorFile(output, embedder.Model.Dimensions).Complete(papers, embedder, workers, cancel.Token);
        return 0;
    }

    internal static string? Arg(string[] args, string name)
    {
        var i = Array.IndexOf(args, name);
        return i >= 0 && i + 1 < args.Length ? args[i + 1] : null;
    }
}

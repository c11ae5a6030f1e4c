using System.Text.Json;
using DailyPapers.Demo;

namespace DailyPapers.SearchBench;

/// <summary>
/// Writes the demo catalogue (the 34 seed papers and 200 snapshot papers the site loads on first start) as a
/// folder of arXiv records, the layout <c>eval</c> reads, so the demo's own titles can be measured too.
/// </summary>
internal static class DemoCatalogue
{
    public static int Export(string[] args)
    {
        var folder = args.FirstOrDefault() ?? "data/demo-catalogue";
        Directory.CreateDirectory(folder);
        using var seed = DemoContent.Open(DemoContent.SeedResource);
        using var snapshot = DemoContent.Open(DemoContent.SnapshotResource);
        var papers = DemoContent.ReadSeed(seed).Papers.Select(p => p.Paper).Concat(DemoContent.ReadSnapshot(snapshot).Papers).DistinctBy(p => p.ArxivId).ToList();
        File.WriteAllLines(Path.Combine(folder, "demo.jsonl"), papers.Select(p => JsonSerializer.Serialize(new
        {
            id = p.ArxivId,
            title = p.Title,
            summary = p.Abstract,
            authors = p.Authors.Select(a => a.Name),
            categories = p.Categories,
            listing_date = DateOnly.FromDateTime(p.PublishedAt).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture),
        })));
        Console.WriteLine($"{papers.Count} demo papers written to {Path.GetFullPath(Path.Combine(folder, "demo.jsonl"))}");
        return 0;
    }
}

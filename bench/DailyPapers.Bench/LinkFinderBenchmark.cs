using System.Diagnostics;
using System.Text.Json;
using DailyPapers.Papers.Links;

namespace DailyPapers.Bench;

/// <summary>
/// What looking for code links costs the import's reading thread: <see cref="CodeLinks.Find"/> over every abstract and
/// comment of ../shared/data/arxiv-daily (recent papers, many with links), thread CPU per paper, three rounds.
/// </summary>
internal static class LinkFinderBenchmark
{
    public static int Run(string[] args)
    {
        var folder = args.FirstOrDefault() ?? Up(Directory.GetCurrentDirectory()).Select(d => Path.Combine(d, "shared", "data", "arxiv-daily")).FirstOrDefault(Directory.Exists);
        if (folder is null || !Directory.Exists(folder))
        {
            Console.Error.WriteLine("No arxiv-daily folder: give it as the argument (../shared/data/arxiv-daily).");
            return 2;
        }
        var papers = new List<(string Abstract, string? Comments)>();
        foreach (var file in Directory.GetFiles(folder, "*.jsonl").Order(StringComparer.Ordinal))
        {
            foreach (var line in File.ReadLines(file))
            {
                using var d = JsonDocument.Parse(line);
                var root = d.RootElement;
                papers.Add((root.GetProperty("summary").GetString() ?? "",
                    root.TryGetProperty("comment", out var c) && c.ValueKind == JsonValueKind.String ? c.GetString() : null));
            }
        }
        var found = papers.Select(p => CodeLinks.Find(p.Abstract, p.Comments)).ToList();
        Console.WriteLine($"{papers.Count:N0} papers from {folder}: a repository in {100.0 * found.Count(l => l.GithubRepo is not null) / papers.Count:F1} %, " +
                          $"a project page in {100.0 * found.Count(l => l.ProjectPage is not null) / papers.Count:F1} %");
        for (var round = 1; round <= 3; round++)
        {
            var cpu = ThreadCpu.Now();
            var wall = Stopwatch.StartNew();
            foreach (var (abstractText, comments) in papers)
            {
                CodeLinks.Find(abstractText, comments);
            }
            Console.WriteLine($"round {round}: {(ThreadCpu.Now() - cpu).TotalMicroseconds / papers.Count:F2} µs thread CPU per paper ({wall.Elapsed.TotalMicroseconds / papers.Count:F2} µs wall)");
        }
        return 0;
    }

    private static IEnumerable<string> Up(string from)
    {
        for (var d = new DirectoryInfo(from); d is not null; d = d.Parent)
        {
            yield return d.FullName;
        }
    }
}

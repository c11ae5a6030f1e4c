using System.Text.RegularExpressions;
using Xunit.Abstractions;

namespace DailyPapers.Tests.Architecture;

/// <summary>
/// The folders of src/DailyPapers form the layers README.md lists (its Layout section's <c>layers</c> block): a
/// folder uses only the folders after its arrow, and those are listed below it, so no dependency points up and
/// no cycle can form. A new folder or a new dependency between folders is a change of that list.
/// </summary>
public sealed partial class FolderLayerTests(ITestOutputHelper output)
{
    private static readonly string Assembly = typeof(Program).Assembly.Location;
    private static readonly string Source = Path.Combine(ReadmeLayers.RepositoryRoot, "src", "DailyPapers");

    [Fact]
    public void EveryFolderIsListedOnce()
    {
        var listed = ReadmeLayers.Read().SelectMany(l => l.Folders).ToList();
        Assert.Empty(listed.GroupBy(f => f).Where(g => g.Count() > 1).Select(g => $"{g.Key} is listed twice"));
        var missing = FolderDependencies.Folders(Assembly).Except(listed).Order().ToList();
        Assert.True(missing.Count == 0, $"Folders missing from README.md's layers block: {string.Join(", ", missing)}");
    }

    [Fact]
    public void TheListedLayersPointOnlyDown()
    {
        var layers = ReadmeLayers.Read();
        var problems = new List<string>();
        for (var i = 0; i < layers.Count; i++)
        {
            var below = layers.Skip(i + 1).SelectMany(l => l.Folders).ToHashSet();
            problems.AddRange(layers[i].MayUse.Where(u => !below.Contains(u))
                .Select(u => $"README.md line {layers[i].Line}: {string.Join(", ", layers[i].Folders)} may use {u}, which is not listed below it"));
        }
        Assert.Empty(problems);
    }

    [Fact]
    public void EveryFolderUsesOnlyWhatTheReadmeAllows()
    {
        var layers = ReadmeLayers.Read();
        var edges = FolderDependencies.Read(Assembly);
        foreach (var group in edges.Keys.GroupBy(e => e.From).OrderBy(g => g.Key))
        {
            output.WriteLine($"{group.Key} -> {string.Join(", ", group.Select(e => e.To).Order())}");
        }
        var problems = new List<string>();
        foreach (var ((from, to), example) in edges.OrderBy(e => e.Key))
        {
            var index = layers.ToList().FindIndex(l => l.Folders.Contains(from));
            if (index < 0)
            {
                continue; // EveryFolderIsListedOnce says so
            }
            var allowed = layers[index].MayUseAllBelow
                ? layers.Skip(index + 1).SelectMany(l => l.Folders).Contains(to)
                : layers[index].MayUse.Contains(to);
            if (!allowed)
            {
                problems.Add($"{from} -> {to} is not in README.md's layers ({example})");
            }
        }
        Assert.True(problems.Count == 0, string.Join("\n", problems));
    }

    [Fact]
    public void NoFoldersDependOnEachOtherInACycle()
    {
        var edges = FolderDependencies.Read(Assembly).Keys.ToLookup(e => e.From, e => e.To);
        var done = new HashSet<string>();
        var path = new List<string>();
        string? cycle = null;
        foreach (var folder in edges.Select(g => g.Key).Order())
        {
            cycle ??= Visit(folder);
        }
        Assert.True(cycle is null, $"Folders in a cycle: {cycle}");

        string? Visit(string folder)
        {
            if (path.IndexOf(folder) is var at and >= 0)
            {
                return string.Join(" -> ", path.Skip(at).Append(folder));
            }
            if (!done.Add(folder))
            {
                return null;
            }
            path.Add(folder);
            var found = edges[folder].Order().Select(Visit).FirstOrDefault(c => c is not null);
            path.RemoveAt(path.Count - 1);
            return found;
        }
    }

    /// <summary>The folder of a type is read from its namespace, so every file's namespace must be its folder's.</summary>
    [Fact]
    public void EveryNamespaceMatchesItsFolder()
    {
        var problems = new List<string>();
        foreach (var file in SourceFiles("*.cs"))
        {
            var relative = Path.GetRelativePath(Source, file);
            var folder = Path.GetDirectoryName(relative)!;
            var expected = folder.Length == 0 ? "DailyPapers" : "DailyPapers." + folder.Replace(Path.DirectorySeparatorChar, '.');
            var declared = Namespace().Matches(File.ReadAllText(file)).Select(m => m.Groups[1].Value).ToList();
            if (relative == "Program.cs" ? declared.Count != 0 : declared is not [var ns] || ns != expected)
            {
                problems.Add($"{relative}: namespace {string.Join(", ", declared)}, expected {(relative == "Program.cs" ? "none" : expected)}");
            }
        }
        problems.AddRange(SourceFiles("*.razor").Where(f => File.ReadAllText(f).Contains("@namespace", StringComparison.Ordinal))
            .Select(f => $"{Path.GetRelativePath(Source, f)}: @namespace (a component's namespace is its folder's)"));
        Assert.True(problems.Count == 0, string.Join("\n", problems));
    }

    /// <summary>A type split into partial files <c>Type.Concern.cs</c> stays readable: 600 lines at most over all its files.</summary>
    [Fact]
    public void NoTypeSpreadsOverMoreThan600Lines()
    {
        var tooLong = SourceFiles("*.cs")
            .GroupBy(f => Path.Combine(Path.GetDirectoryName(f)!, Path.GetFileName(f).Split('.')[0]))
            .Select(g => (Type: Path.GetRelativePath(Source, g.Key), Lines: g.Sum(f => File.ReadLines(f).Count())))
            .Where(t => t.Lines > 600)
            .Select(t => $"{t.Type}: {t.Lines} lines");
        Assert.Empty(tooLong);
    }

    private static IEnumerable<string> SourceFiles(string pattern) =>
        Directory.EnumerateFiles(Source, pattern, SearchOption.AllDirectories)
            .Where(f => !Path.GetRelativePath(Source, f).Split(Path.DirectorySeparatorChar)[0].Equals("bin", StringComparison.Ordinal)
                && !Path.GetRelativePath(Source, f).Split(Path.DirectorySeparatorChar)[0].Equals("obj", StringComparison.Ordinal));

    [GeneratedRegex(@"^namespace\s+([\w.]+)\s*[;{]", RegexOptions.Multiline)]
    private static partial Regex Namespace();
}

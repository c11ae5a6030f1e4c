using System.Text.RegularExpressions;

namespace DailyPapers.Tests.Architecture;

/// <summary>One line of the README's layer list: these folders may use those (or, with <c>*</c>, every folder listed below).</summary>
public sealed record FolderLayer(int Line, IReadOnlyList<string> Folders, IReadOnlyList<string> MayUse, bool MayUseAllBelow);

/// <summary>
/// Reads the fenced <c>layers</c> block of README.md's Layout section, top layer first. Each line is
/// <c>Folder[, Folder] -&gt; Folder, Folder …</c> (or <c>-&gt; *</c>, or no arrow for a folder that uses none),
/// optionally ending in a comment in parentheses. <c>Program.cs</c> stands for the files at the top of src/DailyPapers.
/// </summary>
public static partial class ReadmeLayers
{
    public static string RepositoryRoot { get; } = FindRoot();

    public static IReadOnlyList<FolderLayer> Read()
    {
        var lines = File.ReadAllLines(Path.Combine(RepositoryRoot, "README.md"));
        var start = Array.FindIndex(lines, l => l.Trim() == "```layers");
        Assert.True(start >= 0, "README.md has no ```layers block (the layer list of its Layout section).");
        var layers = new List<FolderLayer>();
        for (var i = start + 1; i < lines.Length && lines[i].Trim() != "```"; i++)
        {
            var text = Comment().Replace(lines[i], "").Trim();
            if (text.Length == 0)
            {
                continue;
            }
            var parts = text.Split("->");
            Assert.True(parts.Length <= 2, $"README.md layers line {i + 1} has more than one arrow: {lines[i]}");
            var uses = parts.Length == 2 ? Names(parts[1]) : [];
            var all = uses is ["*"];
            layers.Add(new FolderLayer(i + 1, Names(parts[0]), all ? [] : uses, all));
        }
        Assert.NotEmpty(layers);
        return layers;
    }

    private static List<string> Names(string list) =>
        list.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).ToList();

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "DailyPapers.slnx")))
            {
                return dir.FullName;
            }
        }
        throw new InvalidOperationException($"No DailyPapers.slnx above {AppContext.BaseDirectory}.");
    }

    [GeneratedRegex(@"\s*\(.*\)\s*$")]
    private static partial Regex Comment();
}

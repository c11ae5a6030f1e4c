using System.Text.RegularExpressions;

namespace DailyPapers.Tests.Architecture;

/// <summary>
/// Tables have owners as types do: README.md's <c>tables</c> block gives each table created by a migration to one
/// folder, and a folder's SQL may name only its own tables and those of the folders the <c>layers</c> block lets it
/// use. So a feature cannot reach into a higher feature's data through a query string, which the type-level test
/// (<see cref="FolderLayerTests"/>) cannot see.
/// </summary>
public sealed partial class TableOwnershipTests
{
    private static readonly string Source = Path.Combine(ReadmeLayers.RepositoryRoot, "src", "DailyPapers");

    [Fact]
    public void EveryTableAMigrationCreatesHasOneOwner()
    {
        var owners = ReadOwners();
        var created = Directory.EnumerateFiles(Path.Combine(Source, "Storage", "Migrations"), "*.sql", SearchOption.AllDirectories)
            .SelectMany(f => CreateTable().Matches(File.ReadAllText(f)).Select(m => m.Groups[1].Value.ToLowerInvariant()))
            .Append("schema_migrations") // the migration runner creates its own
            .ToHashSet(StringComparer.Ordinal);
        Assert.True(created.All(owners.ContainsKey),
            $"Tables without an owner in README.md's tables block: {string.Join(", ", created.Where(t => !owners.ContainsKey(t)).Order())}");
        Assert.True(owners.Keys.All(created.Contains),
            $"README.md's tables block names tables no migration creates: {string.Join(", ", owners.Keys.Where(t => !created.Contains(t)).Order())}");
    }

    [Fact]
    public void EveryFolderQueriesOnlyTablesOfFoldersItMayUse()
    {
        var owners = ReadOwners();
        var layers = ReadmeLayers.Read();
        var problems = new List<string>();
        foreach (var file in Directory.EnumerateFiles(Source, "*.cs", SearchOption.AllDirectories))
        {
            var relative = Path.GetRelativePath(Source, file);
            var parts = relative.Split(Path.DirectorySeparatorChar);
            if (parts[0] is "bin" or "obj")
            {
                continue;
            }
            var folder = parts.Length == 1 ? FolderDependencies.Root : parts[0];
            var index = layers.ToList().FindIndex(l => l.Folders.Contains(folder));
            if (index < 0)
            {
                continue; // FolderLayerTests.EveryFolderIsListedOnce says so
            }
            var mayUse = layers[index].MayUseAllBelow
                ? layers.Skip(index + 1).SelectMany(l => l.Folders).ToHashSet(StringComparer.Ordinal)
                : layers[index].MayUse.ToHashSet(StringComparer.Ordinal);
            foreach (Match m in TableReference().Matches(File.ReadAllText(file)))
            {
                var table = m.Groups[1].Value.ToLowerInvariant();
                if (owners.TryGetValue(table, out var owner) && owner != folder && !mayUse.Contains(owner))
                {
                    problems.Add($"{relative}: {m.Value.Trim()} reads {owner}'s table, and {folder} may not use {owner}");
                }
            }
        }
        Assert.True(problems.Count == 0, string.Join("\n", problems.Distinct()));
    }

    /// <summary>The <c>tables</c> block of README.md: <c>Folder : table, table …</c> a line.</summary>
    private static Dictionary<string, string> ReadOwners()
    {
        var lines = File.ReadAllLines(Path.Combine(ReadmeLayers.RepositoryRoot, "README.md"));
        var start = Array.FindIndex(lines, l => l.Trim() == "```tables");
        Assert.True(start >= 0, "README.md has no ```tables block (which folder owns which table).");
        var owners = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var i = start + 1; i < lines.Length && lines[i].Trim() != "```"; i++)
        {
            var parts = lines[i].Split(':', 2, StringSplitOptions.TrimEntries);
            Assert.True(parts.Length == 2, $"README.md tables line {i + 1} is not 'Folder : table, table': {lines[i]}");
            foreach (var table in parts[1].Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            {
                Assert.True(owners.TryAdd(table, parts[0]), $"README.md tables line {i + 1}: {table} has two owners");
            }
        }
        return owners;
    }

    [GeneratedRegex(@"CREATE\s+TABLE\s+(?:IF\s+NOT\s+EXISTS\s+)?(\w+)", RegexOptions.IgnoreCase)]
    private static partial Regex CreateTable();

    [GeneratedRegex(@"\b(?:FROM|JOIN|INTO|UPDATE|TABLE)\s+(\w+)", RegexOptions.IgnoreCase)]
    private static partial Regex TableReference();
}

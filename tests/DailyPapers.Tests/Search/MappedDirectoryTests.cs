using DailyPapers.Search;
using DailyPapers.Search.Keyword;
using Lucene.Net.Index;
using Lucene.Net.Store;

namespace DailyPapers.Tests.Search;

/// <summary>
/// The index folder read through <see cref="MappedDirectory"/>: every value Lucene writes read back as written (near a
/// file's end too, where reads go byte by byte), reads past the end refused, clones and slices reading on their own,
/// a clone still readable once the input it came from is closed and collected, Lucene's own index check clean over a
/// real index (compound segments read as slices), and the same rankings as through Lucene.Net's MMapDirectory.
/// </summary>
public sealed class MappedDirectoryTests : IDisposable
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "dailypapers-mapped-tests", Guid.NewGuid().ToString("N"));

    public MappedDirectoryTests() => System.IO.Directory.CreateDirectory(_folder);

    public void Dispose()
    {
        if (System.IO.Directory.Exists(_folder))
        {
            System.IO.Directory.Delete(_folder, recursive: true);
        }
    }

    private static readonly int[] Ints = [0, 1, 127, 128, 16_383, 16_384, 2_097_151, 2_097_152, 268_435_455, 268_435_456, int.MaxValue, -1, int.MinValue];
    private static readonly long[] Longs = [0, 1, 127, 128, 1L << 35, (1L << 49) - 1, 1L << 56, long.MaxValue];

    [Fact]
    public void Every_value_Lucene_writes_is_read_back_as_written_to_the_last_byte()
    {
        using var directory = new MappedDirectory(_folder);
        using (var output = directory.CreateOutput("values", IOContext.DEFAULT))
        {
            Write(output);
        }
        using var input = directory.OpenInput("values", IOContext.DEFAULT);

        Read(input);
        Assert.Equal(input.Length, input.Position);
        // The end of the file: the last values read one byte at a time (fewer than a variable-length integer's most bytes left).
        input.Seek(input.Length - 1);
        Assert.Equal(127, input.ReadByte());
    }

    [Fact]
    public void A_read_past_the_end_is_refused_and_leaves_the_position()
    {
        using var directory = new MappedDirectory(_folder);
        using (var output = directory.CreateOutput("short", IOContext.DEFAULT))
        {
            output.WriteBytes([1, 2, 3], 3);
            output.WriteByte(0x80); // a variable-length integer cut off by the end of the file
        }
        using var input = directory.OpenInput("short", IOContext.DEFAULT);

        Assert.Throws<EndOfStreamException>(() => input.ReadInt64());
        Assert.Throws<EndOfStreamException>(() => input.ReadBytes(new byte[5], 0, 5));
        Assert.Equal(0, input.Position);
        input.Seek(3);
        Assert.Throws<EndOfStreamException>(() => input.ReadVInt32());
        Assert.Throws<EndOfStreamException>(() => input.Seek(5));
        input.Seek(4);
        Assert.Throws<EndOfStreamException>(() => input.ReadByte());
    }

    [Fact]
    public void Clones_read_from_positions_of_their_own_and_outlive_the_input_they_came_from()
    {
        using var directory = new MappedDirectory(_folder);
        using (var output = directory.CreateOutput("values", IOContext.DEFAULT))
        {
            Write(output);
        }
        var clone = CloneOfClosedInput(directory);
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();

        var second = (IndexInput)clone.Clone();
        Read(clone);
        Assert.Equal(0, second.Position);
        Read(second);
    }

    private static IndexInput CloneOfClosedInput(MappedDirectory directory)
    {
        using var input = directory.OpenInput("values", IOContext.DEFAULT);
        input.ReadByte();
        var clone = (IndexInput)input.Clone();
        clone.Seek(0);
        return clone;
    }

    [Fact]
    public void A_real_index_checks_clean_and_ranks_as_through_Lucenes_own_maps()
    {
        var path = Path.Combine(_folder, "index");
        using (var index = KeywordIndex.OpenFolder(path))
        {
            foreach (var (paper, i) in TopScoringTests.Papers.Select((p, i) => (p, i)))
            {
                index.Upsert(TopScoringTests.Document(paper));
                if (i % 100 == 99)
                {
                    index.Commit(); // small segments: compound files, read as slices of one map
                }
            }
            index.Commit();
        }
        using (var directory = new MappedDirectory(path))
        {
            Assert.Contains(directory.ListAll(), f => f.EndsWith(".cfs", StringComparison.Ordinal));
            var check = new CheckIndex(directory);
            var status = check.DoCheckIndex();
            Assert.True(status.Clean, $"{status.NumBadSegments} bad segments");
        }
        using var mapped = KeywordIndex.OpenReadOnly(path);
        using var lucene = KeywordIndex.OpenReadOnly(path, luceneMaps: true);
        foreach (var text in new[] { "graph neural networks", "\"language models\" reasoning", "au:zhang", "transformer attention for long documents", "quantum" })
        {
            var query = SearchQuery.Parse(text);
            var expected = lucene.Search(query, SearchFilter.None, 50);
            var actual = mapped.Search(query, SearchFilter.None, 50);
            Assert.Equal(expected.Total, actual.Total);
            Assert.Equal(expected.Hits, actual.Hits);
        }
    }

    [Fact]
    public void Files_merged_away_stay_readable_while_a_reader_holds_them_and_are_unmapped_once_it_is_collected()
    {
        var path = Path.Combine(_folder, "merged");
        using var directory = new MappedDirectory(path) { CollectAfterDeletedBytes = long.MaxValue };
        using var writer = new IndexWriter(directory, new IndexWriterConfig(Lucene.Net.Util.LuceneVersion.LUCENE_48, null));
        for (var i = 0; i < 3; i++)
        {
            writer.AddDocument([new Lucene.Net.Documents.StringField("id", $"{i}", Lucene.Net.Documents.Field.Store.YES)]);
            writer.Commit();
        }
        var (deletedWhileRead, ids) = ReadWhileMergedAway(writer, directory, path);

        Assert.NotEmpty(deletedWhileRead); // the three segments' files, deleted by the merge, still mapped by the reader
        Assert.Equal(["0", "1", "2"], ids);
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();
        GC.WaitForPendingFinalizers();

        Assert.Empty(DeletedMaps(path));
    }

    /// <summary>A reader opened, its segments merged away, its papers read, and the reader closed (in a method of its own, so nothing keeps it).</summary>
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.NoInlining)]
    private static (List<string> Deleted, List<string> Ids) ReadWhileMergedAway(IndexWriter writer, MappedDirectory directory, string path)
    {
        using var reader = DirectoryReader.Open(directory);
        writer.ForceMerge(1);
        writer.Commit();
        var deleted = DeletedMaps(path);
        return (deleted, Enumerable.Range(0, reader.MaxDoc).Select(d => reader.Document(d).Get("id", System.Globalization.CultureInfo.InvariantCulture)).ToList());
    }

    /// <summary>This process's maps of files under <paramref name="path"/> that were deleted.</summary>
    private static List<string> DeletedMaps(string path) =>
        File.ReadAllLines("/proc/self/maps").Where(l => l.Contains(path, StringComparison.Ordinal) && l.EndsWith("(deleted)", StringComparison.Ordinal)).ToList();

    private static void Write(IndexOutput output)
    {
        output.WriteByte(7);
        output.WriteBytes([1, 2, 3, 4, 5], 5);
        output.WriteInt16(-2);
        foreach (var value in Ints)
        {
            output.WriteInt32(value);
            output.WriteVInt32(value);
        }
        foreach (var value in Longs)
        {
            output.WriteInt64(-value);
            output.WriteVInt64(value);
        }
        output.WriteString("héllo, wörld");
        output.WriteVInt64(127); // the last value: one byte, read where fewer than nine are left
    }

    private static void Read(IndexInput input)
    {
        Assert.Equal(7, input.ReadByte());
        var bytes = new byte[7];
        input.ReadBytes(bytes, 1, 5);
        Assert.Equal(new byte[] { 0, 1, 2, 3, 4, 5, 0 }, bytes);
        Assert.Equal(-2, input.ReadInt16());
        foreach (var value in Ints)
        {
            Assert.Equal(value, input.ReadInt32());
            Assert.Equal(value, input.ReadVInt32());
        }
        foreach (var value in Longs)
        {
            Assert.Equal(-value, input.ReadInt64());
            Assert.Equal(value, input.ReadVInt64());
        }
        Assert.Equal("héllo, wörld", input.ReadString());
        Assert.Equal(127, input.ReadVInt64());
    }
}

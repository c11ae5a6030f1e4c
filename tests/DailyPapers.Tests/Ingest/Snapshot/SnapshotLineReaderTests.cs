using System.Text;
using DailyPapers.Ingest.Snapshot;

namespace DailyPapers.Tests.Ingest.Snapshot;

public sealed class SnapshotLineReaderTests
{
    private sealed record Line(long Number, string Text, bool TooLong, long Length, long EndPosition);

    private static List<Line> ReadAll(byte[] bytes, int maxLineBytes = 64, long firstLine = 1, long startAt = 0)
    {
        using var stream = new MemoryStream(bytes);
        stream.Position = startAt;
        var reader = new SnapshotLineReader(stream, firstLine, maxLineBytes);
        var lines = new List<Line>();
        while (reader.TryRead(out var line))
        {
            lines.Add(new(line.Number, Encoding.UTF8.GetString(line.Bytes), line.TooLong, line.Length, reader.Position));
        }
        return lines;
    }

    [Fact]
    public void Splits_on_newlines_drops_CR_and_the_BOM_and_keeps_a_last_line_without_newline()
    {
        var bytes = Encoding.UTF8.GetPreamble().Concat("{\"a\":1}\r\n{\"b\":2}\n\n{\"c\":3}"u8.ToArray()).ToArray();

        var lines = ReadAll(bytes);

        Assert.Equal(["{\"a\":1}", "{\"b\":2}", "", "{\"c\":3}"], lines.Select(l => l.Text));
        Assert.Equal([1L, 2, 3, 4], lines.Select(l => l.Number));
        Assert.Equal(bytes.Length, lines[^1].EndPosition);
    }

    [Fact]
    public void An_empty_stream_has_no_lines()
    {
        Assert.Empty(ReadAll([]));
        Assert.Equal([""], ReadAll("\n"u8.ToArray()).Select(l => l.Text));
    }

    [Fact]
    public void A_line_over_the_cap_is_reported_too_long_and_reading_goes_on_after_its_newline()
    {
        // 200,000 bytes against a 64-byte cap: more than the reader's buffer holds, so it skips across refills.
        var bytes = Encoding.UTF8.GetBytes("short\n" + new string('x', 200_000) + "\r\nafter\n" + new string('y', 500));

        var lines = ReadAll(bytes);

        Assert.Equal(4, lines.Count);
        Assert.Equal(("short", false), (lines[0].Text, lines[0].TooLong));
        Assert.True(lines[1].TooLong);
        Assert.Equal("", lines[1].Text);
        Assert.Equal(200_000, lines[1].Length);
        Assert.Equal((3L, "after", false), (lines[2].Number, lines[2].Text, lines[2].TooLong));
        Assert.True(lines[3].TooLong);
        Assert.Equal(500, lines[3].Length);
    }

    [Fact]
    public void A_line_exactly_at_the_cap_is_kept()
    {
        var lines = ReadAll(Encoding.UTF8.GetBytes(new string('z', 64) + "\n" + new string('z', 65) + "\n"));

        Assert.False(lines[0].TooLong);
        Assert.True(lines[1].TooLong);
    }

    [Fact]
    public void Lines_across_many_buffer_refills_arrive_intact_and_positions_allow_resuming()
    {
        var expected = Enumerable.Range(1, 500).Select(i => new string((char)('a' + (i % 26)), i % 60) + i).ToList();
        var bytes = Encoding.UTF8.GetBytes(string.Concat(expected.Select(e => e + "\n")));

        var lines = ReadAll(bytes);
        var resumed = ReadAll(bytes, firstLine: 301, startAt: lines[299].EndPosition);

        Assert.Equal(expected, lines.Select(l => l.Text));
        Assert.Equal(expected[300..], resumed.Select(l => l.Text));
        Assert.Equal(301, resumed[0].Number);
    }
}

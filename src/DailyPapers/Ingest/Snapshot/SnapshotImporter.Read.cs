using System.Globalization;
using System.Threading.Channels;
using DailyPapers.Papers;

namespace DailyPapers.Ingest.Snapshot;

public sealed partial class SnapshotImporter
{
    private static ReadOnlySpan<byte> Whitespace => " \t\r"u8;

    /// <summary>
    /// The reading side, on its own thread: splits the file into lines, skips to the first line asked for,
    /// parses each line and hands over batches. Returns true when it stopped at the line limit rather than
    /// at the end of the file.
    /// </summary>
    private static bool ReadBatches(Stream file, long firstLine, SnapshotImportRequest request, ChannelWriter<SnapshotBatch> output, CancellationToken ct)
    {
        try
        {
            var reader = new SnapshotLineReader(file, firstLine, request.MaxLineBytes);
            var batch = new SnapshotBatch(request.BatchSize, reader.Position);
            while (reader.NextLineNumber <= request.LastLine && reader.TryRead(out var line))
            {
                if (line.Number < request.FromLine)
                {
                    continue;
                }
                batch.Add(line, request.MaxLineBytes, reader.Position);
                if (batch.IsFull)
                {
                    Send(output, batch.Prepare(), ct);
                    batch = new SnapshotBatch(request.BatchSize, reader.Position);
                }
            }
            // The last batch goes out even when empty: it carries the offset past trailing skipped lines.
            Send(output, batch.Prepare(), ct);
            output.Complete();
            return reader.NextLineNumber > request.LastLine;
        }
        catch (Exception e)
        {
            output.Complete(e);
            throw;
        }
    }

    private static void Send(ChannelWriter<SnapshotBatch> output, SnapshotBatch batch, CancellationToken ct)
    {
        while (!output.TryWrite(batch))
        {
            // A dedicated thread: blocking here while the writer catches up is the back-pressure.
            if (!output.WaitToWriteAsync(ct).AsTask().GetAwaiter().GetResult())
            {
                throw new ChannelClosedException();
            }
        }
    }

    /// <summary>Lines read since the previous batch: their papers, their rejections and where they end in the file.</summary>
    private sealed class SnapshotBatch(int batchSize, long startOffset)
    {
        private readonly List<Paper> _papers = new(batchSize);

        /// <summary>The papers with their content hashes, computed here on the reading thread.</summary>
        public PreparedBatch Papers { get; private set; } = PreparedBatch.Of([]);
        public List<SnapshotRejectedLine> Rejected { get; } = [];
        public long Lines { get; private set; }
        public long Blank { get; private set; }
        public long LastLine { get; private set; }

        /// <summary>The byte offset just past the batch's last line.</summary>
        public long EndOffset { get; private set; } = startOffset;

        /// <summary>Full by papers, or by lines so a stretch of rejected lines still moves the checkpoint on.</summary>
        public bool IsFull => _papers.Count >= batchSize || Lines >= 4L * batchSize;

        public SnapshotBatch Prepare()
        {
            Papers = PreparedBatch.Of(_papers);
            return this;
        }

        public void Add(SnapshotRawLine line, int maxLineBytes, long endOffset)
        {
            Lines++;
            LastLine = line.Number;
            EndOffset = endOffset;
            if (line.TooLong)
            {
                Rejected.Add(new(line.Number, string.Create(CultureInfo.InvariantCulture,
                    $"line too long: {line.Length:N0} bytes (limit {maxLineBytes:N0}); skipped to the next line")));
                return;
            }
            if (line.Bytes.Trim(Whitespace).IsEmpty)
            {
                Blank++;
                return;
            }
            var parsed = SnapshotLineParser.Parse(line.Bytes, line.Number);
            if (parsed.Paper is { } paper)
            {
                _papers.Add(paper);
            }
            else
            {
                Rejected.Add(new(line.Number, parsed.Error ?? "unreadable"));
            }
        }
    }
}

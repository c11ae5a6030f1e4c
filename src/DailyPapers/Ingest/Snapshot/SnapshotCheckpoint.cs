using System.Data.Common;
using System.Globalization;
using System.Security.Cryptography;
using Dapper;
using DailyPapers.Storage;

namespace DailyPapers.Ingest.Snapshot;

/// <summary>
/// Where an interrupted import of one file stopped: the line it started from, the first line not yet committed
/// and that line's byte offset. Kept in <c>site_state</c> and written in the same transaction as each batch, so
/// it never runs ahead of the data. A rerun of the same file continues there when the lines before it were
/// all covered; a completed import removes it. The file is recognised by its length and the hash of its first
/// and last 64 KB, so a renamed copy resumes and an edited file does not.
/// </summary>
public sealed record SnapshotCheckpoint(long FromLine, long NextLine, long Offset)
{
    private const int Sample = 64 * 1024;

    /// <summary>The site_state key for this file's checkpoint.</summary>
    public static string KeyFor(Stream file)
    {
        var length = file.Length;
        var head = new byte[(int)Math.Min(Sample, length)];
        file.Position = 0;
        file.ReadExactly(head);
        var tail = new byte[(int)Math.Min(Sample, length)];
        file.Position = length - tail.Length;
        file.ReadExactly(tail);
        file.Position = 0;
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        hash.AppendData(BitConverter.GetBytes(length));
        hash.AppendData(head);
        hash.AppendData(tail);
        return $"snapshot_import:{length}:{Convert.ToHexStringLower(hash.GetHashAndReset().AsSpan(0, 12))}";
    }

    public static async Task<SnapshotCheckpoint?> ReadAsync(DbConnection connection, string key)
    {
        var value = await SiteState.GetAsync(connection, null, key);
        var parts = (value ?? "").Split(' ');
        return parts.Length == 3
            && long.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var from) && from >= 1
            && long.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var next) && next > from
            && long.TryParse(parts[2], NumberStyles.None, CultureInfo.InvariantCulture, out var offset) && offset > 0
            ? new SnapshotCheckpoint(from, next, offset)
            : null;
    }

    public Task SaveAsync(DbConnection connection, DbTransaction tx, string key) =>
        SiteState.SetAsync(connection, tx, key, string.Create(CultureInfo.InvariantCulture, $"{FromLine} {NextLine} {Offset}"));

    /// <summary>True when the interrupted run committed every line from <paramref name="fromLine"/> up to <see cref="NextLine"/>.</summary>
    public bool Covers(long fromLine) => FromLine <= fromLine && fromLine < NextLine;

    public static Task ClearAsync(DbConnection connection, string key) =>
        connection.ExecuteAsync("DELETE FROM site_state WHERE key = @key", new { key });

    /// <summary>True when <see cref="Offset"/> is inside the file and just after a newline, as a line start must be.</summary>
    public bool FitsIn(Stream file)
    {
        if (Offset > file.Length)
        {
            return false;
        }
        file.Position = Offset - 1;
        var isLineStart = file.ReadByte() == '\n';
        file.Position = 0;
        return isLineStart;
    }
}

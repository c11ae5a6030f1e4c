using System.Globalization;

namespace DailyPapers.Search.Sync;

/// <summary>
/// How far a reader of the change feed got: every change up to <see cref="Seq"/> that was visible under
/// <see cref="Snapshot"/> (a PostgreSQL <c>pg_snapshot</c> as text; null on SQLite, whose changes become visible
/// in sequence order) has been read. Changes of transactions that snapshot did not see are read again later.
/// </summary>
public sealed record ChangeCursor(long Seq, string? Snapshot)
{
    public static readonly ChangeCursor Start = new(0, null);

    public override string ToString() => Snapshot is null
        ? Seq.ToString(CultureInfo.InvariantCulture)
        : $"{Seq.ToString(CultureInfo.InvariantCulture)}/{Snapshot}";

    public static ChangeCursor Parse(string? text)
    {
        if (string.IsNullOrEmpty(text))
        {
            return Start;
        }
        var slash = text.IndexOf('/', StringComparison.Ordinal);
        var seq = long.Parse(slash < 0 ? text : text[..slash], NumberStyles.Integer, CultureInfo.InvariantCulture);
        return new ChangeCursor(seq, slash < 0 ? null : text[(slash + 1)..]);
    }
}

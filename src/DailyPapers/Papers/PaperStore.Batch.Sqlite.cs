using System.Data.Common;
using System.Text;
using Microsoft.Data.Sqlite;
using SQLitePCL;

namespace DailyPapers.Papers;

public sealed partial class PaperStore
{
    /// <summary>The text form SQLite keeps times in, the same as Storage/DapperSetup writes (sortable as text).</summary>
    private const string SqliteTimeFormat = "yyyy-MM-dd HH:mm:ss.fffffff";

    /// <summary>
    /// Readies a connection for a long run of batch upserts. On SQLite it gets a 64 MB page cache instead of the
    /// default 2 MB: index pages are touched all over the file, and re-reading them from the OS is most of the
    /// system time of an import. PostgreSQL needs nothing.
    /// </summary>
    public static async Task PrepareForBatchesAsync(DbConnection connection, CancellationToken ct = default)
    {
        if (connection is SqliteConnection)
        {
            await using var command = connection.CreateCommand();
            command.CommandText = "PRAGMA cache_size = -65536";
            await command.ExecuteNonQueryAsync(ct);
        }
    }

    /// <summary>
    /// SQLite runs in process, so what costs is the work per row, not round trips: each statement kind is
    /// prepared once per round and run for every row, with values bound by position on the connection's own
    /// handle. (A re-bound SqliteCommand does the same work, but looks each parameter up by name, converts the
    /// name to UTF-8 and builds a data reader on every run: about twice the time per row, measured in bench/.)
    /// </summary>
    private sealed class SqliteRowSetWriter(SqliteConnection connection) : RowSetWriter
    {
        public override Task ExecuteAsync(List<RowSet> statements, CancellationToken ct)
        {
            foreach (var statement in statements)
            {
                ct.ThrowIfCancellationRequested();
                using var prepared = new SqliteRowStatement(connection, BatchSql.SqliteRow.Text(statement.Statement), statement.Columns.Count);
                foreach (var row in statement.Rows)
                {
                    prepared.Bind(row);
                    prepared.Run();
                }
            }
            return Task.CompletedTask;
        }

        public override Task<Dictionary<string, StoredState>> ReadStoredAsync(List<string> ids, CancellationToken ct)
        {
            var stored = new Dictionary<string, StoredState>(StringComparer.Ordinal);
            using var select = new SqliteRowStatement(connection, BatchSql.SqliteRow.SelectStored, 1);
            foreach (var id in ids)
            {
                select.Bind([id]);
                if (select.Step())
                {
                    stored[id] = new StoredState(select.Int(1), select.Text(2));
                }
                select.Reset();
            }
            return Task.FromResult(stored);
        }
    }

    /// <summary>A prepared statement with parameters <c>@p0</c>, <c>@p1</c>, …, on the connection's SQLite handle.</summary>
    private sealed class SqliteRowStatement : IDisposable
    {
        private readonly sqlite3 _db;
        private readonly sqlite3_stmt _statement;
        private readonly int[] _positions;
        private byte[] _utf8 = new byte[4096];

        public SqliteRowStatement(SqliteConnection connection, string sql, int parameters)
        {
            _db = connection.Handle ?? throw new InvalidOperationException("The SQLite connection is not open.");
            Check(raw.sqlite3_prepare_v2(_db, sql, out _statement));
            _positions = Enumerable.Range(0, parameters).Select(i => raw.sqlite3_bind_parameter_index(_statement, $"@p{i}")).ToArray();
        }

        public void Bind(object?[] row)
        {
            for (var i = 0; i < _positions.Length; i++)
            {
                var p = _positions[i];
                Check(row[i] switch
                {
                    null => raw.sqlite3_bind_null(_statement, p),
                    string s => BindText(p, s),
                    int n => raw.sqlite3_bind_int(_statement, p, n),
                    bool b => raw.sqlite3_bind_int(_statement, p, b ? 1 : 0),
                    DateTime d => BindTime(p, d),
                    var other => throw new NotSupportedException($"No SQLite form for {other.GetType().Name}."),
                });
            }
        }

        /// <summary>Runs the statement to its end and readies it for the next row.</summary>
        public void Run()
        {
            while (Step())
            {
            }
            Reset();
        }

        /// <summary>Steps once: true when a row is ready to read.</summary>
        public bool Step()
        {
            var rc = raw.sqlite3_step(_statement);
            if (rc == raw.SQLITE_ROW)
            {
                return true;
            }
            if (rc != raw.SQLITE_DONE)
            {
                raw.sqlite3_reset(_statement);
                SqliteException.ThrowExceptionForRC(rc, _db);
            }
            return false;
        }

        public void Reset() => raw.sqlite3_reset(_statement);

        public int Int(int column) => raw.sqlite3_column_int(_statement, column);

        public string Text(int column) => raw.sqlite3_column_text(_statement, column).utf8_to_string();

        public void Dispose() => _statement.Dispose();

        /// <summary>Binds text through one reused UTF-8 buffer rather than a new array per value.</summary>
        private int BindText(int position, string value)
        {
            var length = Encoding.UTF8.GetMaxByteCount(value.Length);
            if (_utf8.Length < length)
            {
                _utf8 = new byte[Math.Max(length, 2 * _utf8.Length)];
            }
            var written = Encoding.UTF8.GetBytes(value, _utf8);
            return raw.sqlite3_bind_text(_statement, position, _utf8.AsSpan(0, written));
        }

        /// <summary>
        /// Writes <see cref="SqliteTimeFormat"/> digit by digit: the general formatter re-reads its pattern on
        /// every call, which showed in profiles at several times per paper.
        /// </summary>
        private int BindTime(int position, DateTime value)
        {
            var t = ToUtc(value);
            Span<byte> text = stackalloc byte[SqliteTimeFormat.Length];
            Digits(text[..4], t.Year);
            text[4] = (byte)'-';
            Digits(text[5..7], t.Month);
            text[7] = (byte)'-';
            Digits(text[8..10], t.Day);
            text[10] = (byte)' ';
            Digits(text[11..13], t.Hour);
            text[13] = (byte)':';
            Digits(text[14..16], t.Minute);
            text[16] = (byte)':';
            Digits(text[17..19], t.Second);
            text[19] = (byte)'.';
            Digits(text[20..], (int)(t.Ticks % TimeSpan.TicksPerSecond));
            return raw.sqlite3_bind_text(_statement, position, text);
        }

        private static void Digits(Span<byte> into, int value)
        {
            for (var i = into.Length - 1; i >= 0; i--)
            {
                into[i] = (byte)('0' + (value % 10));
                value /= 10;
            }
        }

        private void Check(int rc)
        {
            if (rc != raw.SQLITE_OK)
            {
                SqliteException.ThrowExceptionForRC(rc, _db);
            }
        }
    }

    private static DateTime ToUtc(DateTime d) =>
        d.Kind == DateTimeKind.Utc ? d : DateTime.SpecifyKind(d.ToUniversalTime(), DateTimeKind.Utc);
}

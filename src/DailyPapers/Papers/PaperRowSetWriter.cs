using System.Data.Common;
using Microsoft.Data.Sqlite;
using Npgsql;
using static DailyPapers.Papers.PaperBatchWriter;

namespace DailyPapers.Papers;

/// <summary>How one provider binds a set of rows and runs the statements over them, on one connection.</summary>
internal abstract partial class PaperRowSetWriter : IDisposable
{
    public abstract Task ExecuteAsync(DbTransaction tx, List<RowSet> statements, CancellationToken ct);

    public abstract Task<Dictionary<string, StoredState>> ReadStoredAsync(DbTransaction tx, List<string> ids, CancellationToken ct);

    public abstract void Dispose();

    public static PaperRowSetWriter For(DbConnection connection) => connection switch
    {
        SqliteConnection sqlite => new SqliteRowSetWriter(sqlite),
        NpgsqlConnection postgres => new PostgresRowSetWriter(postgres),
        _ => throw new NotSupportedException($"No paper writer for {connection.GetType().Name}."),
    };

    protected static async Task<Dictionary<string, StoredState>> ReadStoredAsync(DbDataReader reader, CancellationToken ct)
    {
        var stored = new Dictionary<string, StoredState>(StringComparer.Ordinal);
        while (await reader.ReadAsync(ct))
        {
            stored[reader.GetString(0)] = new StoredState(reader.GetInt32(1), reader.GetString(2),
                reader.IsDBNull(3) ? null : reader.GetFieldValue<DateOnly>(3));
        }
        return stored;
    }
}

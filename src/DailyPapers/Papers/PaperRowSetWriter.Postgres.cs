using System.Data.Common;
using Npgsql;
using static DailyPapers.Papers.PaperBatchWriter;

namespace DailyPapers.Papers;

internal abstract partial class PaperRowSetWriter
{
    /// <summary>
    /// Binds a set of rows as one typed array per column, which the statement expands with unnest, and sends all
    /// of a round's statements in one round trip. Per-row statements would pay a network exchange, a plan and a
    /// run of the statement-level content_version trigger for every paper.
    /// </summary>
    private sealed class PostgresRowSetWriter(NpgsqlConnection connection) : PaperRowSetWriter
    {
        public override async Task ExecuteAsync(DbTransaction tx, List<RowSet> statements, CancellationToken ct)
        {
            await using var batch = new NpgsqlBatch(connection, (NpgsqlTransaction)tx);
            foreach (var statement in statements)
            {
                var command = new NpgsqlBatchCommand(BatchSql.Postgres.Text(statement.Statement));
                command.Parameters.AddRange(Arrays(statement.Columns, statement.Rows));
                batch.BatchCommands.Add(command);
            }
            await batch.ExecuteNonQueryAsync(ct);
        }

        public override async Task<Dictionary<string, StoredState>> ReadStoredAsync(DbTransaction tx, List<string> ids, CancellationToken ct)
        {
            await using var command = new NpgsqlCommand(BatchSql.Postgres.SelectStored, connection, (NpgsqlTransaction)tx);
            command.Parameters.Add(new NpgsqlParameter("p0", ids.ToArray()));
            await using var reader = await command.ExecuteReaderAsync(ct);
            return await ReadStoredAsync(reader, ct);
        }

        public override void Dispose()
        {
            // Nothing held between batches: each one is a single round trip of its own.
        }

        /// <summary>Parameters p0, p1, … : column i of every row, as a typed array.</summary>
        private static NpgsqlParameter[] Arrays(IReadOnlyList<SetColumn> columns, List<object?[]> rows) =>
            columns.Select((column, i) => new NpgsqlParameter($"p{i}", column.Type switch
            {
                ColumnType.Text => rows.Select(r => (string?)r[i]).ToArray(),
                ColumnType.Integer => rows.Select(r => (int)r[i]!).ToArray(),
                ColumnType.Time => rows.Select(r => ToUtc((DateTime)r[i]!)).ToArray(),
                ColumnType.Boolean => rows.Select(r => (bool)r[i]!).ToArray(),
                ColumnType.Date => (object)rows.Select(r => (DateOnly?)r[i]).ToArray(),
                _ => throw new NotSupportedException(column.Type.ToString()),
            })).ToArray();
    }
}

using System.Data.Common;
using System.Globalization;
using Npgsql;

namespace DailyPapers.Storage;

/// <summary>
/// Writes many rows with one statement text, as each database does it best: PostgreSQL gets every row at once, one
/// array per column expanded by <c>unnest</c>, in one round trip (thousands of single-row statements would each
/// pay one); SQLite runs in process, so one prepared command is bound and run again for each row.
/// </summary>
public static class SqlRows
{
    /// <summary>
    /// <c>INSERT INTO table (columns) … suffix</c> for <paramref name="rows"/> (values in column order: text,
    /// integers and UTC times; text may be null). <paramref name="suffix"/> may hold an <c>ON CONFLICT</c> clause.
    /// Returns how many rows the database inserted.
    /// </summary>
    public static async Task<int> InsertAsync(
        DbConnection connection, DbTransaction tx, string table, IReadOnlyList<string> columns, IReadOnlyList<object?[]> rows,
        string suffix = "", CancellationToken ct = default) =>
        (await RunAsync(connection, tx, table, columns, rows, suffix, returning: null, ct)).Inserted;

    /// <summary>
    /// The same, returning the text column <paramref name="returning"/> of each row the database inserted (with
    /// <c>ON CONFLICT … DO NOTHING</c>: which rows were new).
    /// </summary>
    public static async Task<IReadOnlyList<string>> InsertReturningAsync(
        DbConnection connection, DbTransaction tx, string table, IReadOnlyList<string> columns, IReadOnlyList<object?[]> rows,
        string suffix, string returning, CancellationToken ct = default) =>
        (await RunAsync(connection, tx, table, columns, rows, suffix, returning, ct)).Returned;

    private static async Task<(int Inserted, List<string> Returned)> RunAsync(
        DbConnection connection, DbTransaction tx, string table, IReadOnlyList<string> columns, IReadOnlyList<object?[]> rows,
        string suffix, string? returning, CancellationToken ct)
    {
        var result = new List<string>();
        if (rows.Count == 0)
        {
            return (0, result);
        }
        var names = string.Join(", ", columns);
        var tail = returning is null ? $" {suffix}" : $" {suffix} RETURNING {returning}";
        await using var command = connection.CreateCommand();
        command.Transaction = tx;
        if (connection is NpgsqlConnection)
        {
            command.CommandText = $"INSERT INTO {table} ({names}) SELECT * FROM unnest({Parameters(columns.Count)}){tail}";
            for (var i = 0; i < columns.Count; i++)
            {
                command.Parameters.Add(new NpgsqlParameter($"p{i}", Column(rows, i)));
            }
            await using var reader = await command.ExecuteReaderAsync(ct);
            while (await reader.ReadAsync(ct))
            {
                result.Add(reader.GetString(0));
            }
            return (returning is null ? reader.RecordsAffected : result.Count, result);
        }
        command.CommandText = $"INSERT INTO {table} ({names}) VALUES ({Parameters(columns.Count)}){tail}";
        var parameters = Enumerable.Range(0, columns.Count).Select(i =>
        {
            var p = command.CreateParameter();
            p.ParameterName = $"@p{i}";
            command.Parameters.Add(p);
            return p;
        }).ToArray();
        await command.PrepareAsync(ct);
        var inserted = 0;
        foreach (var row in rows)
        {
            for (var i = 0; i < parameters.Length; i++)
            {
                // Times as the fixed-width text every other SQLite write uses (DapperSetup), so they sort as text.
                parameters[i].Value = row[i] switch
                {
                    null => DBNull.Value,
                    DateTime t => Utc(t).ToString("yyyy-MM-dd HH:mm:ss.fffffff", CultureInfo.InvariantCulture),
                    var value => value,
                };
            }
            if (returning is null)
            {
                inserted += await command.ExecuteNonQueryAsync(ct);
            }
            else if (await command.ExecuteScalarAsync(ct) is string value)
            {
                result.Add(value);
                inserted++;
            }
        }
        return (inserted, result);
    }

    private static DateTime Utc(DateTime t) => t.Kind == DateTimeKind.Utc ? t : DateTime.SpecifyKind(t.ToUniversalTime(), DateTimeKind.Utc);

    private static string Parameters(int count) => string.Join(", ", Enumerable.Range(0, count).Select(i => $"@p{i}"));

    /// <summary>Column <paramref name="i"/> of every row as a typed array, the type read from its first value.</summary>
    private static object Column(IReadOnlyList<object?[]> rows, int i) => rows.Select(r => r[i]).FirstOrDefault(v => v is not null) switch
    {
        int => rows.Select(r => (int)r[i]!).ToArray(),
        long => rows.Select(r => (long)r[i]!).ToArray(),
        DateTime => rows.Select(r => Utc((DateTime)r[i]!)).ToArray(),
        _ => rows.Select(r => (string?)r[i]).ToArray(),
    };
}

using System.Data;
using System.Data.Common;
using System.Globalization;
using DailyPapers.Storage;

namespace DailyPapers.Digest.Delivery;

/// <summary>
/// Marks sent digests, one statement each, on one connection with one prepared command: the sender records every
/// message before the next but one goes out, thousands a minute, and opening a connection and preparing the
/// statement each time cost more than the update itself.
/// </summary>
public sealed class OutboxRecorder : IAsyncDisposable
{
    private readonly DbConnection _connection;
    private readonly DbCommand _sent;
    private readonly bool _textTimes;
    private bool _prepared;

    private OutboxRecorder(DbConnection connection, DbCommand sent, bool textTimes)
    {
        _connection = connection;
        _sent = sent;
        _textTimes = textTimes;
    }

    public static async Task<OutboxRecorder> OpenAsync(Database database, CancellationToken ct = default)
    {
        var connection = await database.OpenAsync(ct);
        var sent = connection.CreateCommand();
        sent.CommandText = "UPDATE digest_outbox SET status = 'sent', sent_at = @now, sent_by = @owner, message_id = @messageId, attempts = attempts + 1, " +
            "lease_owner = NULL, lease_until = NULL, last_error = NULL WHERE id = @id";
        foreach (var (name, type) in new[] { ("now", database.IsPostgres ? DbType.DateTime : DbType.String), ("owner", DbType.String), ("messageId", DbType.String), ("id", DbType.Int64) })
        {
            var p = sent.CreateParameter();
            p.ParameterName = name;
            p.DbType = type;
            sent.Parameters.Add(p);
        }
        if (database.IsPostgres)
        {
            ((Npgsql.NpgsqlParameter)sent.Parameters[0]).NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.TimestampTz;
        }
        return new OutboxRecorder(connection, sent, !database.IsPostgres);
    }

    public async Task SentAsync(long id, string owner, string messageId, DateTime now, CancellationToken ct = default)
    {
        // SQLite keeps times as text in the format Dapper's handler writes (see DapperSetup).
        _sent.Parameters[0].Value = _textTimes ? now.ToString("yyyy-MM-dd HH:mm:ss.fffffff", CultureInfo.InvariantCulture) : now;
        _sent.Parameters[1].Value = owner;
        _sent.Parameters[2].Value = messageId;
        _sent.Parameters[3].Value = id;
        if (!_prepared)
        {
            await _sent.PrepareAsync(ct);
            _prepared = true;
        }
        await _sent.ExecuteNonQueryAsync(ct);
    }

    public async ValueTask DisposeAsync()
    {
        await _sent.DisposeAsync();
        await _connection.DisposeAsync();
    }
}

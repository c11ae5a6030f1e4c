using System.Data.Common;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Options;
using Npgsql;

namespace DailyPapers.Storage;

/// <summary>
/// Opens connections to the configured provider. Stores write SQL that both SQLite and PostgreSQL accept
/// (ON CONFLICT, RETURNING, LIMIT/OFFSET); the few differences are asked of <see cref="Provider"/>.
/// </summary>
public sealed class Database : IAsyncDisposable
{
    private readonly NpgsqlDataSource? _postgres;
    private readonly string _sqliteConnectionString = "";
    private SqliteConnection? _presence;

    /// <summary>SQLite's <c>SQLITE_CONFIG_MEMSTATUS</c> (sqlite3.h).</summary>
    private const int SqliteConfigMemStatus = 9;

    static Database()
    {
        // SQLite's memory statistics (sqlite3_memory_used, the soft heap limit: neither used here) take a global
        // mutex on every allocation; SQLite's own recommended build options turn them off. With them off, an
        // import's writing thread spent 10–20 % less time per paper. This only works before SQLite's first use
        // in the process; later (a test host that opened SQLite already) it changes nothing and is harmless.
        SQLitePCL.Batteries_V2.Init();
        SQLitePCL.raw.sqlite3_config(SqliteConfigMemStatus, 0);
    }

    public Database(IOptions<DatabaseOptions> options)
    {
        var o = options.Value;
        Provider = o.Provider;
        if (Provider == DatabaseProvider.Postgres)
        {
            if (string.IsNullOrWhiteSpace(o.ConnectionString))
            {
                throw new InvalidOperationException(
                    "Database:Provider is Postgres but ConnectionStrings:Database is empty.");
            }
            // The configured timeouts win over the connection string's, so one key bounds every wait on the database.
            var csb = new NpgsqlConnectionStringBuilder(o.ConnectionString)
            {
                CommandTimeout = Seconds(o.CommandTimeout),
                Timeout = Seconds(o.ConnectTimeout),
            };
            _postgres = NpgsqlDataSource.Create(csb.ConnectionString);
        }
        else
        {
            var csb = new SqliteConnectionStringBuilder(o.ConnectionString ?? DatabaseOptions.DefaultSqliteConnectionString)
            {
                Pooling = true,
                DefaultTimeout = Seconds(o.CommandTimeout),
            };
            var dir = Path.GetDirectoryName(Path.GetFullPath(csb.DataSource));
            if (!string.IsNullOrEmpty(dir) && csb.Mode != SqliteOpenMode.Memory)
            {
                Directory.CreateDirectory(dir);
            }
            _sqliteConnectionString = csb.ToString();
            SqliteFile = csb.DataSource;
        }
        DapperSetup.EnsureRegistered();
    }

    public DatabaseProvider Provider { get; }

    /// <summary>Whole seconds, at least one (both drivers take seconds; 0 would mean "no limit").</summary>
    public static int Seconds(TimeSpan timeout) => (int)Math.Clamp(Math.Ceiling(timeout.TotalSeconds), 1, 1024);

    /// <summary>
    /// After a failure that shows the server went away (restarted, stalled): drops the pooled PostgreSQL connections,
    /// which are all dead then, so the next requests open fresh ones instead of each finding a dead one first.
    /// </summary>
    public void Forget(Exception failure)
    {
        if (_postgres is not null && DatabaseErrors.IsUnavailable(failure))
        {
            _postgres.Clear();
        }
    }

    /// <summary>The SQLite file, when the provider is SQLite.</summary>
    public string? SqliteFile { get; }

    public bool IsPostgres => Provider == DatabaseProvider.Postgres;

    public async Task<DbConnection> OpenAsync(CancellationToken ct = default)
    {
        if (_postgres is not null)
        {
            return await _postgres.OpenConnectionAsync(ct);
        }
        var connection = new SqliteConnection(_sqliteConnectionString);
        await connection.OpenAsync(ct);
        // Per-connection settings: wait for a writer instead of failing, keep references honest.
        await using var cmd = connection.CreateCommand();
        cmd.CommandText = "PRAGMA busy_timeout = 10000; PRAGMA foreign_keys = ON; PRAGMA synchronous = NORMAL;";
        await cmd.ExecuteNonQueryAsync(ct);
        return connection;
    }

    /// <summary>
    /// Begins a transaction that writes. On SQLite it takes the write lock up front (BEGIN IMMEDIATE), so two
    /// writers queue on busy_timeout instead of one failing when it upgrades a read lock.
    /// </summary>
    public async Task<DbTransaction> BeginWriteAsync(DbConnection connection, CancellationToken ct = default)
    {
        if (connection is SqliteConnection sqlite)
        {
            return sqlite.BeginTransaction(deferred: false);
        }
        return await connection.BeginTransactionAsync(ct);
    }

    /// <summary>
    /// Keeps one SQLite connection open for as long as this process runs (the web host asks for it at start), so that
    /// another process can tell the database is in use (restore refuses it) however long the pool has been idle.
    /// </summary>
    public async Task HoldOpenAsync(CancellationToken ct)
    {
        if (_postgres is not null || _presence is not null)
        {
            return;
        }
        var connection = new SqliteConnection(new SqliteConnectionStringBuilder(_sqliteConnectionString) { Pooling = false }.ToString());
        await connection.OpenAsync(ct);
        // SQLite opens the file at the first read; from then on the idle connection holds its shared lock.
        await using (var cmd = connection.CreateCommand())
        {
            cmd.CommandText = "SELECT count(*) FROM sqlite_master";
            await cmd.ExecuteScalarAsync(ct);
        }
        _presence = connection;
    }

    public async ValueTask DisposeAsync()
    {
        if (_presence is not null)
        {
            await _presence.DisposeAsync();
        }
        if (_postgres is not null)
        {
            await _postgres.DisposeAsync();
        }
    }
}

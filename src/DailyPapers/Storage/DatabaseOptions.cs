namespace DailyPapers.Storage;

/// <summary>Which database engine holds the data.</summary>
public enum DatabaseProvider
{
    /// <summary>An embedded SQLite file (the default; one machine).</summary>
    Sqlite,

    /// <summary>A PostgreSQL server shared by any number of web nodes.</summary>
    Postgres,
}

/// <summary>Settings bound from the <c>Database</c> section and <c>ConnectionStrings:Database</c>.</summary>
public sealed class DatabaseOptions
{
    /// <summary>The engine: <c>Sqlite</c> (default) or <c>Postgres</c>.</summary>
    public DatabaseProvider Provider { get; set; } = DatabaseProvider.Sqlite;

    /// <summary>The connection string; for SQLite defaults to a WAL-mode file under <c>./data/</c>.</summary>
    public string? ConnectionString { get; set; }

    /// <summary>Apply pending schema migrations when the web host starts.</summary>
    public bool MigrateOnStart { get; set; } = true;

    /// <summary>
    /// How long one command may run before it fails (PostgreSQL: Npgsql's <c>Command Timeout</c>; SQLite: how long a
    /// command waits for a lock). A request waiting on a stalled database ends after this, never hangs.
    /// </summary>
    public TimeSpan CommandTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>How long opening a new PostgreSQL connection may take (Npgsql's <c>Timeout</c>) before it fails.</summary>
    public TimeSpan ConnectTimeout { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>
    /// How long <c>/healthz</c> waits for its one-row read: a database that has not answered by then is reported unhealthy
    /// (a stalled server is "away" long before requests time out).
    /// </summary>
    public TimeSpan HealthCheckTimeout { get; set; } = TimeSpan.FromSeconds(5);

    public const string DefaultSqliteFile = "data/dailypapers.db";

    public const string DefaultSqliteConnectionString = "Data Source=" + DefaultSqliteFile;
}

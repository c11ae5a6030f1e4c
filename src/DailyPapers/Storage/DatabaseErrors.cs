using Microsoft.Data.Sqlite;
using Npgsql;

namespace DailyPapers.Storage;

/// <summary>
/// Failures of the database itself rather than of a request: the disk is full, or the server is away (restarting,
/// stalled, unreachable). The site answers these with a 503 that says so, and the operator's log names them.
/// </summary>
public static class DatabaseErrors
{
    /// <summary>SQLite's <c>SQLITE_FULL</c>: "database or disk is full".</summary>
    private const int SqliteFull = 13;

    /// <summary>Whether <paramref name="e"/> (or an exception inside it) is a full disk: SQLite's SQLITE_FULL or PostgreSQL's <c>disk_full</c> (53100).</summary>
    public static bool IsDiskFull(Exception e) =>
        Causes(e).Any(x => x is SqliteException { SqliteErrorCode: SqliteFull } or PostgresException { SqlState: "53100" });

    /// <summary>
    /// Whether <paramref name="e"/> says the database server cannot be reached or did not answer in time: a broken or
    /// refused connection, a timeout, or a server shutting down or starting up (57P01–57P03).
    /// </summary>
    public static bool IsUnavailable(Exception e) =>
        Causes(e).Any(x => x is PostgresException { SqlState: "57P01" or "57P02" or "57P03" }
            || (x is NpgsqlException { IsTransient: true } and not PostgresException)
            || x is TimeoutException);

    private static IEnumerable<Exception> Causes(Exception e)
    {
        for (Exception? x = e; x is not null; x = x.InnerException)
        {
            yield return x;
        }
    }
}

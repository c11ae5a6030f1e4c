using System.Data.Common;

namespace DailyPapers.Storage;

/// <summary>The few spots where SQLite and PostgreSQL SQL differ.</summary>
public static class SqlDialect
{
    /// <summary>
    /// "column is one of the list": Dapper expands <c>IN @list</c> for SQLite, while Npgsql binds the list as
    /// one array parameter, which PostgreSQL compares with <c>= ANY(@list)</c>.
    /// </summary>
    public static string InList(DbConnection connection, string column, string parameter) =>
        connection is Npgsql.NpgsqlConnection ? $"{column} = ANY(@{parameter})" : $"{column} IN @{parameter}";
}

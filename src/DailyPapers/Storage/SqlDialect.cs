using System.Data.Common;
using System.Text.Json;

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

    /// <summary>
    /// "column is one of these strings" with one parameter (<see cref="Strings"/>) on both databases: a JSON array that
    /// SQLite expands with <c>json_each</c>, an array on PostgreSQL. For long lists: Dapper's <c>IN @list</c> makes a
    /// parameter of each value, which Microsoft.Data.Sqlite binds by name, and SQLite finds a name by comparing it with
    /// every name before it (a page of 2,000 papers spent ~10 % of a keyword index build there).
    /// </summary>
    public static string InStrings(DbConnection connection, string column, string parameter) =>
        connection is Npgsql.NpgsqlConnection ? $"{column} = ANY(@{parameter})" : $"{column} IN (SELECT value FROM json_each(@{parameter}))";

    /// <summary>The value of <see cref="InStrings"/>'s parameter.</summary>
    public static object Strings(DbConnection connection, IReadOnlyList<string> values) =>
        connection is Npgsql.NpgsqlConnection ? values.ToArray() : JsonSerializer.Serialize(values, StringListJson.Default.IReadOnlyListString);
}

[System.Text.Json.Serialization.JsonSerializable(typeof(IReadOnlyList<string>))]
internal sealed partial class StringListJson : System.Text.Json.Serialization.JsonSerializerContext;

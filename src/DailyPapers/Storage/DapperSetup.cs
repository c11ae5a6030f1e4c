using System.Data;
using System.Globalization;
using Dapper;

namespace DailyPapers.Storage;

/// <summary>
/// SQLite keeps times as ISO-8601 text and PostgreSQL as timestamptz/date; these handlers make both read back
/// as UTC <see cref="DateTime"/> and <see cref="DateOnly"/>.
/// </summary>
internal static class DapperSetup
{
    private static int _registered;

    public static void EnsureRegistered()
    {
        if (Interlocked.Exchange(ref _registered, 1) == 1)
        {
            return;
        }
        DefaultTypeMap.MatchNamesWithUnderscores = true;
        SqlMapper.AddTypeHandler(new UtcDateTimeHandler());
        SqlMapper.AddTypeHandler(new DateOnlyHandler());
    }

    private sealed class UtcDateTimeHandler : SqlMapper.TypeHandler<DateTime>
    {
        public override void SetValue(IDbDataParameter parameter, DateTime value)
        {
            parameter.Value = value.Kind == DateTimeKind.Utc ? value : DateTime.SpecifyKind(value.ToUniversalTime(), DateTimeKind.Utc);
            if (parameter is Microsoft.Data.Sqlite.SqliteParameter)
            {
                // A fixed-width, sortable text form: string comparison equals time comparison.
                parameter.Value = ((DateTime)parameter.Value).ToString("yyyy-MM-dd HH:mm:ss.fffffff", CultureInfo.InvariantCulture);
                parameter.DbType = DbType.String;
            }
            else
            {
                parameter.DbType = DbType.DateTime;
            }
        }

        public override DateTime Parse(object value) => value switch
        {
            DateTime d => DateTime.SpecifyKind(d, DateTimeKind.Utc),
            DateTimeOffset o => o.UtcDateTime,
            string s => DateTime.Parse(s, CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal),
            _ => throw new DataException($"Cannot read {value.GetType()} as a time."),
        };
    }

    private sealed class DateOnlyHandler : SqlMapper.TypeHandler<DateOnly>
    {
        public override void SetValue(IDbDataParameter parameter, DateOnly value)
        {
            if (parameter is Microsoft.Data.Sqlite.SqliteParameter)
            {
                parameter.Value = value.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
                parameter.DbType = DbType.String;
            }
            else
            {
                parameter.Value = value;
                parameter.DbType = DbType.Date;
            }
        }

        public override DateOnly Parse(object value) => value switch
        {
            DateOnly d => d,
            DateTime d => DateOnly.FromDateTime(d),
            string s => DateOnly.ParseExact(s, "yyyy-MM-dd", CultureInfo.InvariantCulture),
            _ => throw new DataException($"Cannot read {value.GetType()} as a date."),
        };
    }
}

using Microsoft.Extensions.Configuration;
using DailyPapers.Startup;
using DailyPapers.Storage;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Npgsql;

namespace DailyPapers.Tests.Support;

/// <summary>
/// A fresh, empty database of either provider for one test: a new SQLite file, or a new database on the
/// throwaway PostgreSQL server that ./test.sh starts (its address in DAILYPAPERS_TEST_POSTGRES).
/// </summary>
public sealed class TestDatabase : IAsyncDisposable
{
    public const string PostgresVariable = "DAILYPAPERS_TEST_POSTGRES";

    private readonly string? _postgresAdmin;
    private readonly string? _postgresName;
    private readonly string? _sqliteFile;

    private TestDatabase(DatabaseProvider provider, string connectionString, string? postgresAdmin, string? postgresName, string? sqliteFile)
    {
        Provider = provider;
        ConnectionString = connectionString;
        _postgresAdmin = postgresAdmin;
        _postgresName = postgresName;
        _sqliteFile = sqliteFile;
        Database = new Database(Options.Create(new DatabaseOptions { Provider = provider, ConnectionString = connectionString }));
    }

    public DatabaseProvider Provider { get; }
    public string ConnectionString { get; }
    public Database Database { get; }

    /// <summary>
    /// The providers every store and web test runs on. PostgreSQL is left out only on a developer machine
    /// without the variable; under CI its absence fails the tests instead of silently skipping them.
    /// </summary>
    public static TheoryData<string> Providers
    {
        get
        {
            var data = new TheoryData<string> { nameof(DatabaseProvider.Sqlite) };
            if (Environment.GetEnvironmentVariable(PostgresVariable) is { Length: > 0 } || Environment.GetEnvironmentVariable("CI") == "true")
            {
                data.Add(nameof(DatabaseProvider.Postgres));
            }
            return data;
        }
    }

    /// <summary>The configuration keys an app instance needs to use this database.</summary>
    public IReadOnlyDictionary<string, string?> Settings => new Dictionary<string, string?>
    {
        ["Database:Provider"] = Provider.ToString(),
        ["ConnectionStrings:Database"] = ConnectionString,
    };

    /// <param name="sqliteFolder">Where a SQLite file goes (a small disk, say); the shared temporary folder by default.</param>
    public static async Task<TestDatabase> CreateAsync(string provider, bool migrate = true, string? sqliteFolder = null)
    {
        var p = Enum.Parse<DatabaseProvider>(provider);
        TestDatabase db;
        if (p == DatabaseProvider.Sqlite)
        {
            var dir = sqliteFolder ?? Path.Combine(Path.GetTempPath(), "dailypapers-tests");
            Directory.CreateDirectory(dir);
            var file = Path.Combine(dir, $"{Guid.NewGuid():N}.db");
            db = new TestDatabase(p, new SqliteConnectionStringBuilder { DataSource = file }.ToString(), null, null, file);
        }
        else
        {
            var admin = Environment.GetEnvironmentVariable(PostgresVariable);
            if (string.IsNullOrEmpty(admin))
            {
                throw new InvalidOperationException($"{PostgresVariable} is not set: run the tests with ./test.sh, which starts PostgreSQL.");
            }
            var name = $"dp_{Guid.NewGuid():N}";
            await using (var connection = new NpgsqlConnection(admin))
            {
                await connection.OpenAsync();
                await using var cmd = new NpgsqlCommand($"CREATE DATABASE {name}", connection);
                await cmd.ExecuteNonQueryAsync();
            }
            var csb = new NpgsqlConnectionStringBuilder(admin) { Database = name };
            db = new TestDatabase(p, csb.ToString(), admin, name, null);
        }
        if (migrate)
        {
            await new MigrationRunner(db.Database, NullLogger<MigrationRunner>.Instance).MigrateAsync();
        }
        return db;
    }

    /// <summary>Services over this database, as the app registers them, for store and service tests.</summary>
    public ServiceProvider Services(TimeProvider? clock = null, Action<IServiceCollection>? configure = null)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(Settings).Build();
        var services = new ServiceCollection();
        services.AddSingleton<IConfiguration>(configuration);
        services.AddLogging();
        if (clock is not null)
        {
            services.AddSingleton(clock);
        }
        services.AddDailyPapersCore(configuration);
        configure?.Invoke(services);
        return services.BuildServiceProvider();
    }

    public async ValueTask DisposeAsync()
    {
        await Database.DisposeAsync();
        if (_sqliteFile is not null)
        {
            SqliteConnection.ClearAllPools();
            // And the lock files an import or a node's index build leaves beside it (AdvisoryLock.TryTakeAcrossProcessesAsync).
            var locks = Directory.GetFiles(Path.GetDirectoryName(_sqliteFile)!, Path.GetFileName(_sqliteFile) + ".lock-*");
            foreach (var f in new[] { _sqliteFile, _sqliteFile + "-wal", _sqliteFile + "-shm", Path.ChangeExtension(_sqliteFile, ".key") }.Concat(locks))
            {
                try { File.Delete(f); } catch (IOException) { }
            }
        }
        if (_postgresAdmin is not null)
        {
            NpgsqlConnection.ClearAllPools();
            await using var connection = new NpgsqlConnection(_postgresAdmin);
            await connection.OpenAsync();
            await using var cmd = new NpgsqlCommand($"DROP DATABASE IF EXISTS {_postgresName} WITH (FORCE)", connection);
            await cmd.ExecuteNonQueryAsync();
        }
    }
}

using Npgsql;

namespace WechatLeads.Server.Tests.Infrastructure;

/// <summary>
/// The one switch that chooses the provider the integration tests run on: <c>WL_TEST_DB=postgres</c>
/// (with <c>WL_TEST_PG</c>, default <c>Host=127.0.0.1;Port=5432;Username=wl;Password=wl</c>) or SQLite.
/// Every host gets a database of its own; PostgreSQL ones are dropped when the test is done.
/// </summary>
public static class TestDatabase
{
    public static bool IsPostgres => string.Equals(Environment.GetEnvironmentVariable("WL_TEST_DB"), "postgres", StringComparison.OrdinalIgnoreCase);

    private static string ServerConnection => Environment.GetEnvironmentVariable("WL_TEST_PG") ?? "Host=127.0.0.1;Port=5432;Username=wl;Password=wl";

    /// <summary>Settings for a new database (or, for SQLite, a file in <paramref name="dataDirectory"/>).</summary>
    public static Dictionary<string, string?> NewDatabase(string dataDirectory, out string? postgresDatabase)
    {
        if (!IsPostgres)
        {
            postgresDatabase = null;
            return new() { ["ConnectionStrings:Leads"] = $"Data Source={Path.Combine(dataDirectory, "leads.db")}" };
        }
        postgresDatabase = "wl_test_" + Guid.NewGuid().ToString("N")[..16];
        // Job storage stays in memory unless a test asks for Postgres (the cluster tests do): installing
        // Hangfire's schema in every test database would double the suite's time and test nothing new.
        return new()
        {
            ["Database:Provider"] = "Postgres",
            ["ConnectionStrings:Leads"] = $"{ServerConnection};Database={postgresDatabase}",
        };
    }

    /// <summary>Clean-up, best effort: a database left behind costs disk, not a test result.</summary>
    public static void Drop(string database)
    {
        NpgsqlConnection.ClearAllPools();
        try
        {
            using var connection = new NpgsqlConnection(ServerConnection + ";Database=postgres");
            connection.Open();
            using var command = connection.CreateCommand();
            command.CommandText = $"DROP DATABASE IF EXISTS \"{database}\" WITH (FORCE)";
            command.ExecuteNonQuery();
        }
        catch (NpgsqlException e)
        {
            Console.Error.WriteLine($"Could not drop test database {database}: {e.Message}");
        }
    }
}

/// <summary>A test about SQLite itself (its files, its pragmas): skipped when the suite runs on PostgreSQL.</summary>
public sealed class SqliteFactAttribute : FactAttribute
{
    public SqliteFactAttribute()
    {
        if (TestDatabase.IsPostgres) Skip = "SQLite-specific; the SQLite run covers it.";
    }
}

/// <summary>A test of several instances sharing one database: only meaningful on PostgreSQL.</summary>
public sealed class PostgresFactAttribute : FactAttribute
{
    public PostgresFactAttribute()
    {
        if (!TestDatabase.IsPostgres) Skip = "Needs PostgreSQL (WL_TEST_DB=postgres); ./test.sh runs it.";
    }
}

using Microsoft.EntityFrameworkCore;
using Npgsql;
using WechatLeads.Server.Data;

namespace WechatLeads.Server.Tests.Infrastructure;

/// <summary>
/// The one switch that chooses the provider the integration tests run on: <c>WL_TEST_DB=postgres</c>
/// (with <c>WL_TEST_PG</c>, default <c>Host=127.0.0.1;Port=5432;Username=wl;Password=wl</c>) or SQLite.
/// Every host gets a database of its own; PostgreSQL ones are dropped when the test is done. Each one is
/// copied from a template migrated once (CREATE DATABASE … TEMPLATE; a file copy for SQLite), so a
/// host's start finds its schema up to date instead of running every migration again: the PostgreSQL pass
/// starts more than a hundred hosts, and migrating each was most of its time.
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
            var file = Path.Combine(dataDirectory, "leads.db");
            // A new directory starts from the migrated template; an existing database (a restarted host's) is kept.
            if (!File.Exists(file)) File.Copy(SqliteTemplate.Value, file);
            return new() { ["ConnectionStrings:Leads"] = $"Data Source={file}" };
        }
        postgresDatabase = "wl_test_" + Guid.NewGuid().ToString("N")[..16];
        Execute($"CREATE DATABASE \"{postgresDatabase}\" TEMPLATE \"{Template.Value}\"");
        // Job storage stays in memory unless a test asks for Postgres (the cluster tests do): installing
        // Hangfire's schema in every test database would double the suite's time and test nothing new.
        return new()
        {
            ["Database:Provider"] = "Postgres",
            ["ConnectionStrings:Leads"] = $"{ServerConnection};Database={postgresDatabase}",
        };
    }

    /// <summary>Settings naming a PostgreSQL database that does not exist yet (a first deployment's), and its name for clean-up.</summary>
    public static Dictionary<string, string?> NotYetMade(out string database)
    {
        database = "wl_test_new_" + Guid.NewGuid().ToString("N")[..12];
        return new() { ["Database:Provider"] = "Postgres", ["ConnectionStrings:Leads"] = $"{ServerConnection};Database={database}" };
    }

    private static readonly Lazy<string> Template = new(CreateTemplate);

    /// <summary>
    /// SQLite's template: an empty database with every migration applied, made once per test process and copied
    /// into each host's directory (a file copy instead of a hundred-odd migrations at every host's start).
    /// </summary>
    private static readonly Lazy<string> SqliteTemplate = new(() =>
    {
        var file = Path.Combine(Directory.CreateTempSubdirectory("wl-template-").FullName, "leads.db");
        using (var db = new SqliteLeadsDbContext(new DbContextOptionsBuilder<SqliteLeadsDbContext>().UseSqlite($"Data Source={file}").Options))
            db.Database.Migrate();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools(); // closed, so the file is complete on its own
        return file;
    });

    /// <summary>
    /// The migrated template of this build (named after the server assembly's build id, so an edited
    /// migration is never served from an old template). Made under an advisory lock, so two test processes
    /// on one server never build it at once, and under a temporary name renamed when complete, so a run that
    /// died half-way never leaves a template that looks finished. Older builds' templates are dropped.
    /// </summary>
    private static string CreateTemplate()
    {
        var name = "wl_template_" + typeof(PostgresLeadsDbContext).Assembly.ManifestModule.ModuleVersionId.ToString("N")[..12];
        using var server = new NpgsqlConnection(ServerConnection + ";Database=postgres");
        server.Open();
        Run(server, "SELECT pg_advisory_lock(74201)");
        try
        {
            var existing = new List<string>();
            using (var list = server.CreateCommand())
            {
                list.CommandText = "SELECT datname FROM pg_database WHERE datname LIKE 'wl\\_template\\_%'";
                using var reader = list.ExecuteReader();
                while (reader.Read()) existing.Add(reader.GetString(0));
            }
            if (existing.Contains(name)) return name;
            foreach (var old in existing) Run(server, $"DROP DATABASE IF EXISTS \"{old}\" WITH (FORCE)");
            var building = name + "_building";
            Run(server, $"CREATE DATABASE \"{building}\"");
            using (var db = new PostgresLeadsDbContext(new DbContextOptionsBuilder<PostgresLeadsDbContext>()
                       .UseNpgsql($"{ServerConnection};Database={building}").Options))
                db.Database.Migrate();
            NpgsqlConnection.ClearAllPools(); // a template must have no sessions when it is copied
            Run(server, $"ALTER DATABASE \"{building}\" RENAME TO \"{name}\"");
            return name;
        }
        finally
        {
            Run(server, "SELECT pg_advisory_unlock(74201)");
        }
    }

    private static void Execute(string sql)
    {
        using var connection = new NpgsqlConnection(ServerConnection + ";Database=postgres");
        connection.Open();
        Run(connection, sql);
    }

    private static void Run(NpgsqlConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }

    /// <summary>Clean-up, best effort: a database left behind costs disk, not a test result.</summary>
    public static void Drop(string database)
    {
        NpgsqlConnection.ClearAllPools();
        try
        {
            Execute($"DROP DATABASE IF EXISTS \"{database}\" WITH (FORCE)");
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

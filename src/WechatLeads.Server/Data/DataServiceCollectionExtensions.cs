using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;

namespace WechatLeads.Server.Data;

internal static class DataServiceCollectionExtensions
{
    public const string DefaultSqliteConnectionString = "Data Source=./data/leads.db";

    public static WebApplicationBuilder AddLeadsDatabase(this WebApplicationBuilder builder)
    {
        var options = builder.Configuration.GetSection(DatabaseOptions.Section).Get<DatabaseOptions>() ?? new DatabaseOptions();
        builder.Services.Configure<DatabaseOptions>(builder.Configuration.GetSection(DatabaseOptions.Section));
        var connectionString = builder.Configuration.GetConnectionString("Leads");

        // The options are built once (optionsLifetime: Singleton), not again for every request's scope.
        if (options.Provider.Equals(DatabaseProviders.Postgres, StringComparison.OrdinalIgnoreCase))
        {
            if (string.IsNullOrWhiteSpace(connectionString))
                throw new InvalidOperationException("Database:Provider is Postgres but ConnectionStrings:Leads is empty (e.g. " +
                    "Host=db;Username=wl;Password=…;Database=leads).");
            var bounded = PostgresConnections.Bounded(connectionString, options.MaxPoolSize, "wechatleads", resetOnClose: false);
            builder.Services.AddDbContext<LeadsDbContext, PostgresLeadsDbContext>(o => o.UseNpgsql(bounded), optionsLifetime: ServiceLifetime.Singleton);
            builder.Services.AddSingleton(DirectConnections.Postgres(bounded));
        }
        else if (options.Provider.Equals(DatabaseProviders.Sqlite, StringComparison.OrdinalIgnoreCase))
        {
            if (string.IsNullOrWhiteSpace(connectionString)) connectionString = DefaultSqliteConnectionString;
            EnsureSqliteDirectory(connectionString);
            if (options.SqliteWalLimitBytes < 1024 * 1024)
                throw new InvalidOperationException($"Database:SqliteWalLimitBytes must be at least 1048576 (1 MiB); it is {options.SqliteWalLimitBytes}.");
            var pragmas = new SqlitePragmas(options.SqliteSynchronous, options.SqliteWalLimitBytes);
            builder.Services.AddSingleton(pragmas);
            builder.Services.AddDbContext<LeadsDbContext, SqliteLeadsDbContext>(o => o.UseSqlite(connectionString).AddInterceptors(pragmas),
                optionsLifetime: ServiceLifetime.Singleton);
            builder.Services.AddSingleton(DirectConnections.Sqlite(connectionString, pragmas));
            builder.Services.AddHostedService(sp =>
                new SqliteCheckpointer(connectionString, pragmas, options.SqliteWalLimitBytes, sp.GetRequiredService<ILogger<SqliteCheckpointer>>()));
        }
        else
        {
            throw new InvalidOperationException($"Database:Provider '{options.Provider}' is not supported; use Sqlite or Postgres.");
        }

        builder.Services.AddHostedService<DatabaseMigrator>();
        builder.Services.AddSingleton<DatabaseLock>();
        return builder;
    }

    private static void EnsureSqliteDirectory(string connectionString)
    {
        var source = new SqliteConnectionStringBuilder(connectionString).DataSource;
        if (string.IsNullOrEmpty(source) || source == ":memory:" || source.StartsWith("file:", StringComparison.Ordinal)) return;
        var directory = Path.GetDirectoryName(Path.GetFullPath(source));
        if (!string.IsNullOrEmpty(directory)) Directory.CreateDirectory(directory);
    }
}

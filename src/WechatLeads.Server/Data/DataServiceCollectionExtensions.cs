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
        if (!options.Provider.Equals("Sqlite", StringComparison.OrdinalIgnoreCase))
            throw new InvalidOperationException($"Database:Provider '{options.Provider}' is not supported; use Sqlite.");

        var connectionString = builder.Configuration.GetConnectionString("Leads");
        if (string.IsNullOrWhiteSpace(connectionString)) connectionString = DefaultSqliteConnectionString;
        EnsureSqliteDirectory(connectionString);

        var pragmas = new SqlitePragmas(options.SqliteSynchronous);
        builder.Services.AddSingleton(pragmas);
        builder.Services.AddDbContext<LeadsDbContext, SqliteLeadsDbContext>(o => o
            .UseSqlite(connectionString, sqlite => sqlite.MigrationsHistoryTable("__EFMigrationsHistory"))
            .AddInterceptors(pragmas));
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

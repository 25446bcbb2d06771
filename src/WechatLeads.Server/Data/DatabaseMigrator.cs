using Microsoft.EntityFrameworkCore;

namespace WechatLeads.Server.Data;

/// <summary>
/// Applies migrations before the app serves anything (hosted services start before Kestrel accepts
/// requests). Migrations always — never EnsureCreated — so the schema a test sees is the one Production gets.
/// </summary>
internal sealed class DatabaseMigrator(IServiceProvider services, ILogger<DatabaseMigrator> logger) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await using var scope = services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<LeadsDbContext>();
        await SchemaChangeLock.RunAsync(db, () => db.Database.MigrateAsync(cancellationToken), cancellationToken);
        if (db.Database.IsSqlite())
        {
            // WAL is a property of the file, set once; it lets readers proceed while one writer commits.
            await db.Database.ExecuteSqlRawAsync("PRAGMA journal_mode=WAL;", cancellationToken);
        }
        logger.LogInformation("Database schema is up to date");
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}

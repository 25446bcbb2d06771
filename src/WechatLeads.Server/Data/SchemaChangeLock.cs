using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace WechatLeads.Server.Data;

/// <summary>
/// Serialises every change a first start makes on PostgreSQL — the EF migrations, the job storage's install, the
/// sample data — across instances: N instances of a new deployment starting at once on an empty database take turns
/// on one advisory lock; the first applies the change, the others find nothing left to do. (Without it two migrators
/// both create "AuditLog", Hangfire's installer races on its schema, and two seeders insert one campaign.) The lock
/// is the session's: it goes when its connection does, so a crashed instance never leaves it held. SQLite needs
/// none: one file, one writer.
/// </summary>
internal static class SchemaChangeLock
{
    /// <summary>Runs <paramref name="change"/> under the lock on PostgreSQL; as it is on SQLite.</summary>
    public static Task RunAsync(LeadsDbContext db, Func<Task> change, CancellationToken ct) =>
        db.Database.IsNpgsql() ? RunAsync(db.Database.GetConnectionString()!, change, ct) : change();

    /// <summary>One key for all of this app's schema changes ("WLSCHEMA" in ASCII).</summary>
    private const long Key = 0x574C_5343_4845_4D41;

    public static Task RunAsync(string connectionString, Func<Task> change, CancellationToken ct) =>
        UnderLockAsync(connectionString, async () =>
        {
            await change();
            return true;
        }, ct);

    /// <summary>The same, for work that can only be done synchronously (the job storage is built by a DI factory).</summary>
    public static T Run<T>(string connectionString, Func<T> change) =>
        UnderLockAsync(connectionString, () => Task.FromResult(change()), CancellationToken.None).GetAwaiter().GetResult();

    private static async Task<T> UnderLockAsync<T>(string connectionString, Func<Task<T>> change, CancellationToken ct)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        try
        {
            await connection.OpenAsync(ct);
        }
        catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.InvalidCatalogName)
        {
            await CreateDatabaseAsync(connectionString, ct);
            await connection.OpenAsync(ct);
        }
        await using (var take = new NpgsqlCommand("SELECT pg_advisory_lock(@key)", connection))
        {
            take.Parameters.AddWithValue("key", Key);
            await take.ExecuteNonQueryAsync(ct);
        }
        try
        {
            return await change();
        }
        finally
        {
            await using var give = new NpgsqlCommand("SELECT pg_advisory_unlock(@key)", connection);
            give.Parameters.AddWithValue("key", Key);
            await give.ExecuteNonQueryAsync(CancellationToken.None);
        }
    }

    /// <summary>
    /// A first start on a server where the database is not there yet: made from the maintenance database, as EF's
    /// migrator would (the lock lives in the database, so it cannot be taken first). Instances racing to make it are
    /// fine: the losers find it made. The role needs CREATEDB; without it the error says so.
    /// </summary>
    private static async Task CreateDatabaseAsync(string connectionString, CancellationToken ct)
    {
        var target = new NpgsqlConnectionStringBuilder(connectionString);
        var maintenance = new NpgsqlConnectionStringBuilder(connectionString) { Database = "postgres", Pooling = false };
        await using var connection = new NpgsqlConnection(maintenance.ConnectionString);
        await connection.OpenAsync(ct);
        await using var create = new NpgsqlCommand($"CREATE DATABASE \"{target.Database!.Replace("\"", "\"\"", StringComparison.Ordinal)}\"", connection);
        try
        {
            await create.ExecuteNonQueryAsync(ct);
        }
        catch (PostgresException e) when (e.SqlState is PostgresErrorCodes.DuplicateDatabase or PostgresErrorCodes.UniqueViolation)
        {
            // Another instance made it a moment ago.
        }
    }
}

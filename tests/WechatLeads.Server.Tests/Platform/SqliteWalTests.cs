using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging.Abstractions;
using WechatLeads.Server.Data;
using WechatLeads.Server.Tests.Infrastructure;

namespace WechatLeads.Server.Tests.Platform;

/// <summary>The WAL can't grow for good: connections cap what a reset leaves, and the checkpointer truncates a WAL past the limit.</summary>
public sealed class SqliteWalTests() : HostedTests(new Dictionary<string, string?> { ["Database:SqliteWalLimitBytes"] = "2097152" })
{
    [SqliteFact]
    public async Task Every_connection_of_the_app_sets_the_journal_size_limit()
    {
        var limit = await App.QueryAsync(async db =>
        {
            await db.Database.OpenConnectionAsync();
            await using var command = db.Database.GetDbConnection().CreateCommand();
            command.CommandText = "PRAGMA journal_size_limit";
            return (long)(await command.ExecuteScalarAsync())!;
        });
        Assert.Equal(2097152, limit);
    }

    [Fact]
    public void A_wal_grown_past_the_limit_is_truncated_by_the_checkpointer_and_a_small_one_is_left_alone()
    {
        var directory = Directory.CreateTempSubdirectory("wl-wal-").FullName;
        var connectionString = $"Data Source={Path.Combine(directory, "wal.db")}";
        var pragmas = new SqlitePragmas("Normal", walLimitBytes: 1024 * 1024);
        var checkpointer = new SqliteCheckpointer(connectionString, pragmas, walLimitBytes: 1024 * 1024, NullLogger<SqliteCheckpointer>.Instance);
        using var writer = new SqliteConnection(connectionString);
        writer.Open();
        Execute(writer, "PRAGMA journal_mode=WAL");
        pragmas.Apply(writer);
        Execute(writer, "CREATE TABLE t (x BLOB)");

        Execute(writer, "INSERT INTO t VALUES (zeroblob(1000))");
        checkpointer.Checkpoint();
        var small = SqliteCheckpointer.WalBytes(writer);
        Assert.InRange(small, 1, 1024 * 1024); // under the limit: PASSIVE only, the file stays

        // A burst: 4 MB in one go (as 100k page views once were). A PASSIVE checkpoint copies those pages
        // but never shrinks the file; only the truncating one brings it back.
        using (var burst = writer.BeginTransaction())
        {
            for (var i = 0; i < 1000; i++) Execute(writer, "INSERT INTO t VALUES (randomblob(4000))", burst);
            burst.Commit();
        }
        Assert.True(SqliteCheckpointer.WalBytes(writer) > 4_000_000);

        checkpointer.Checkpoint();

        Assert.Equal(0, SqliteCheckpointer.WalBytes(writer));
        Assert.Equal(1001L, Scalar(writer, "SELECT COUNT(*) FROM t")); // nothing lost
        using (var pooled = new SqliteConnection(connectionString)) // the checkpointer's, back from the pool
        {
            pooled.Open();
            Assert.Equal((long)SqlitePragmas.BusyTimeoutMs, Scalar(pooled, "PRAGMA busy_timeout")); // its short wait was undone
        }
        SqliteConnection.ClearAllPools();
    }

    private static void Execute(SqliteConnection connection, string sql, SqliteTransaction? transaction = null)
    {
        using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }

    private static long Scalar(SqliteConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        return (long)command.ExecuteScalar()!;
    }
}

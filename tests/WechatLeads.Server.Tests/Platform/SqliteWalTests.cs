using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging.Abstractions;
using WechatLeads.Server.Data;
using WechatLeads.Server.Tests.Infrastructure;

namespace WechatLeads.Server.Tests.Platform;

/// <summary>
/// The WAL can't grow for good: the checkpointer truncates a WAL past the limit once writes pause, and makes one that
/// writes never let start over do so past the ceiling (16 times the limit), which connections cut the file back to.
/// </summary>
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
        Assert.Equal(2097152 * SqliteCheckpointer.CeilingFactor, limit);
    }

    [Fact]
    public void A_wal_grown_past_the_limit_is_truncated_once_writes_pause_and_a_small_one_is_left_alone()
    {
        using var db = new WalDatabase();
        db.Execute("INSERT INTO t VALUES (zeroblob(1000))");
        db.Checkpointer.Checkpoint();
        db.Checkpointer.Checkpoint();
        var small = db.WalBytes;
        Assert.InRange(small, 1, WalDatabase.Limit); // under the limit: PASSIVE only, the file stays

        // A burst: 4 MB in one go (as 100k page views once were). A PASSIVE checkpoint copies those pages
        // but never shrinks the file; only the truncating one brings it back.
        db.Burst(rows: 1000);
        Assert.True(db.WalBytes > 4_000_000);

        db.Checkpointer.Checkpoint(); // the round that sees the burst: writes may still be coming, nothing is cut
        Assert.True(db.WalBytes > 4_000_000);
        db.Checkpointer.Checkpoint(); // a second later nothing more was written: cut, with nobody waiting

        Assert.Equal(0, db.WalBytes);
        Assert.Equal(1001L, db.Scalar("SELECT COUNT(*) FROM t")); // nothing lost
        using (var pooled = new SqliteConnection(db.ConnectionString)) // the checkpointer's, back from the pool
        {
            pooled.Open();
            Assert.Equal((long)SqlitePragmas.BusyTimeoutMs, Scalar(pooled, "PRAGMA busy_timeout")); // its short wait was undone
        }
    }

    [Fact]
    public void Under_writes_a_wal_past_the_ceiling_is_not_cut_and_the_next_write_starts_it_over()
    {
        // Here one connection writes, so every checkpoint copies every frame and the next write could start over
        // anyway; with readers and writers busy it would not, and RESTART (waiting for the readers) makes it. What
        // this shows: a round that sees new frames never truncates, however large the WAL, and the file is reused.
        using var db = new WalDatabase();
        db.Burst(rows: 4500); // about 18 MB of frames, past the 16 MB ceiling, in the first round: writes going on
        var size = db.WalBytes;
        db.Checkpointer.Checkpoint();
        Assert.Equal(size, db.WalBytes); // not truncated while writes go on

        db.Execute("INSERT INTO t VALUES (zeroblob(1000))");

        Assert.InRange(db.FramesInWal(), 1, 4); // the write started the WAL over from its beginning
        Assert.Equal(WalDatabase.Limit * SqliteCheckpointer.CeilingFactor, db.WalBytes); // and cut it back to the ceiling only
        Assert.Equal(4501L, db.Scalar("SELECT COUNT(*) FROM t")); // nothing lost
    }

    /// <summary>A database in WAL mode with a 1 MiB limit (so a 16 MiB ceiling), one writer and its checkpointer.</summary>
    private sealed class WalDatabase : IDisposable
    {
        public const long Limit = 1024 * 1024;
        private readonly SqliteConnection _writer;
        private readonly string _directory = Directory.CreateTempSubdirectory("wl-wal-").FullName;

        public WalDatabase()
        {
            ConnectionString = $"Data Source={Path.Combine(_directory, "wal.db")}";
            var pragmas = new SqlitePragmas("Normal", walLimitBytes: Limit);
            Checkpointer = new SqliteCheckpointer(ConnectionString, pragmas, walLimitBytes: Limit, NullLogger<SqliteCheckpointer>.Instance);
            _writer = new SqliteConnection(ConnectionString);
            _writer.Open();
            Execute("PRAGMA journal_mode=WAL");
            pragmas.Apply(_writer);
            Execute("CREATE TABLE t (x BLOB)");
        }

        public string ConnectionString { get; }

        public SqliteCheckpointer Checkpointer { get; }

        public long WalBytes => SqliteCheckpointer.WalBytes(_writer);

        public void Execute(string sql, SqliteTransaction? transaction = null) => SqliteWalTests.Execute(_writer, sql, transaction);

        public long Scalar(string sql) => SqliteWalTests.Scalar(_writer, sql);

        /// <summary>How many frames the WAL holds (a PASSIVE checkpoint's "log" column; it copies, never restarts).</summary>
        public long FramesInWal()
        {
            using var command = _writer.CreateCommand();
            command.CommandText = "PRAGMA wal_checkpoint(PASSIVE)";
            using var reader = command.ExecuteReader();
            reader.Read();
            return reader.GetInt64(1);
        }

        public void Burst(int rows)
        {
            using var burst = _writer.BeginTransaction();
            for (var i = 0; i < rows; i++) Execute("INSERT INTO t VALUES (randomblob(4000))", burst);
            burst.Commit();
        }

        public void Dispose()
        {
            _writer.Dispose();
            SqliteConnection.ClearAllPools();
            try { Directory.Delete(_directory, recursive: true); }
            catch (IOException) { } // a temp folder left behind is harmless
        }
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

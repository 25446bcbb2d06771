using Microsoft.Data.Sqlite;

namespace WechatLeads.Server.Data;

/// <summary>
/// Moves SQLite's WAL checkpoints off the commit path. By default the connection whose commit crosses
/// 1000 WAL pages copies them into the database file and fsyncs, inside that commit — and when that is the
/// group-commit writer, every webhook waiting on it waits for the disk too. Connections are opened with
/// <c>wal_autocheckpoint=0</c> (<see cref="SqlitePragmas"/>) and this loop checkpoints once a second
/// instead, <c>PASSIVE</c>ly: it never blocks the writer, it only copies what readers no longer need.
/// With <c>synchronous=NORMAL</c> the checkpoint's fsync is also what bounds the commits a power cut can
/// take: about the last second's, longer while a long read (an export) holds back the checkpoint.
/// <para>
/// A PASSIVE checkpoint never shrinks the WAL file, and under steady writes the WAL may never start over
/// (which is when <c>journal_size_limit</c> cuts it back): a burst of 100k writes left a 1 GB WAL for good.
/// So when the file has grown past <see cref="DatabaseOptions.SqliteWalLimitBytes"/>, a <c>TRUNCATE</c>
/// checkpoint follows, with a busy timeout of <see cref="TruncateWaitMs"/>: while it waits for readers it
/// holds new writers back, so it gives up quickly (and tries again a second later) rather than stall the
/// group-commit writer.
/// </para>
/// </summary>
internal sealed class SqliteCheckpointer(string connectionString, SqlitePragmas pragmas, long walLimitBytes, ILogger<SqliteCheckpointer> logger)
    : BackgroundService
{
    public static readonly TimeSpan Interval = TimeSpan.FromSeconds(1);

    /// <summary>The longest a truncating checkpoint waits for readers (and so holds the writer back).</summary>
    public const int TruncateWaitMs = 50;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(Interval);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken)) Checkpoint();
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await base.StopAsync(cancellationToken);
        Checkpoint(); // leave a short WAL behind; the next start has less to replay
    }

    /// <summary>One round: PASSIVE, then TRUNCATE if the WAL file is over the limit. Internal for tests.</summary>
    internal void Checkpoint()
    {
        try
        {
            using var connection = new SqliteConnection(connectionString);
            connection.Open();
            pragmas.Apply(connection);
            Run(connection, "PRAGMA wal_checkpoint(PASSIVE)");
            if (WalBytes(connection) <= walLimitBytes) return;
            // A pooled connection keeps its settings: the short wait is undone before it goes back.
            Run(connection, $"PRAGMA busy_timeout={TruncateWaitMs}");
            try
            {
                Run(connection, "PRAGMA wal_checkpoint(TRUNCATE)");
            }
            finally
            {
                Run(connection, $"PRAGMA busy_timeout={SqlitePragmas.BusyTimeoutMs}");
            }
        }
        catch (Exception e)
        {
            // The WAL keeps every commit until a later checkpoint succeeds: nothing is lost, the file only grows.
            logger.LogWarning(
                "SQLite checkpoint failed ({Error}); the next one retries",
                (e as SqliteException)?.SqliteErrorCode.ToString() ?? e.GetType().Name);
        }
    }

    /// <summary>The size of the database's <c>-wal</c> file (0 when there is none).</summary>
    internal static long WalBytes(SqliteConnection connection)
    {
        if (string.IsNullOrEmpty(connection.DataSource)) return 0;
        var wal = new FileInfo(connection.DataSource + "-wal");
        return wal.Exists ? wal.Length : 0;
    }

    private static void Run(SqliteConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }
}

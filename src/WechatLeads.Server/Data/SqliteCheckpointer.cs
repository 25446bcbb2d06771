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
/// </summary>
internal sealed class SqliteCheckpointer(string connectionString, SqlitePragmas pragmas, ILogger<SqliteCheckpointer> logger) : BackgroundService
{
    public static readonly TimeSpan Interval = TimeSpan.FromSeconds(1);

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

    private void Checkpoint()
    {
        try
        {
            using var connection = new SqliteConnection(connectionString);
            connection.Open();
            pragmas.Apply(connection);
            using var command = connection.CreateCommand();
            command.CommandText = "PRAGMA wal_checkpoint(PASSIVE)";
            command.ExecuteNonQuery();
        }
        catch (Exception e)
        {
            // The WAL keeps every commit until a later checkpoint succeeds: nothing is lost, the file only grows.
            logger.LogWarning("SQLite checkpoint failed ({Error}); the next one retries", (e as SqliteException)?.SqliteErrorCode.ToString() ?? e.GetType().Name);
        }
    }
}

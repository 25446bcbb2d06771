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
/// A PASSIVE checkpoint never shrinks the WAL file, and the file only starts over from its beginning when a writer
/// finds every frame copied and no reader on them: a moment without writes gives that, writes that never pause do
/// not, and the WAL grows. A <c>TRUNCATE</c> checkpoint shrinks it but holds the writer back for all its work:
/// waiting for readers, copying the rest, an fsync of the database, cutting the file and an fsync of the WAL. On a
/// virtual disk that was 100–250 ms once every two seconds at 10k pushes/s (WAL past 64 MiB), and a client that
/// keeps sending (WeChat does) meets every such pause: it was the whole p99 of every push path. So:
/// </para>
/// <list type="bullet">
/// <item>past <see cref="DatabaseOptions.SqliteWalLimitBytes"/>, <c>TRUNCATE</c> runs only once the writes have paused
/// (the WAL holds as many frames as a second ago): a burst's WAL is cut back as soon as the burst is over, and nobody
/// waits;</item>
/// <item>writes that never pause are the only case that holds the writer back: when the frames in use pass
/// <see cref="CeilingFactor"/> times the limit (1 GiB by default), a <c>RESTART</c> checkpoint makes the next write
/// start the WAL over. It neither cuts nor drops the file's pages (<c>journal_size_limit</c> is the ceiling), so its
/// pause is the last second's frames and one fsync, once per ceiling's worth of writes.</item>
/// </list>
/// <para>
/// Both run with a busy timeout of <see cref="TruncateWaitMs"/>: while they wait for readers they hold new writers
/// back, so they give up quickly (and try again a second later).
/// </para>
/// </summary>
internal sealed class SqliteCheckpointer(string connectionString, SqlitePragmas pragmas, long walLimitBytes, ILogger<SqliteCheckpointer> logger)
    : BackgroundService
{
    public static readonly TimeSpan Interval = TimeSpan.FromSeconds(1);

    /// <summary>The longest a truncating or restarting checkpoint waits for readers (and so holds the writer back).</summary>
    public const int TruncateWaitMs = 50;

    /// <summary>Past this many times the limit in frames, the WAL is made to start over even while writes go on.</summary>
    public const int CeilingFactor = 16;

    // Frames in the WAL after the last round: the same count a round later means nothing was written in between.
    private long _framesBefore = -1;

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

    /// <summary>
    /// One round: PASSIVE, then TRUNCATE if the WAL file is over the limit and the writes have paused, or RESTART if
    /// the frames in use are over the ceiling. Internal for tests.
    /// </summary>
    internal void Checkpoint()
    {
        try
        {
            using var connection = new SqliteConnection(connectionString);
            connection.Open();
            pragmas.Apply(connection);
            var frames = PassiveCheckpoint(connection);
            var paused = frames == _framesBefore;
            _framesBefore = frames;
            if (WalBytes(connection) <= walLimitBytes) return;
            // A restarted WAL keeps its size: what is in use is its frames (a page and a 24-byte header each).
            var inUse = frames * (Scalar(connection, "PRAGMA page_size") + 24);
            var mode = paused ? "TRUNCATE" : inUse > walLimitBytes * CeilingFactor ? "RESTART" : null;
            if (mode is null) return;
            // A pooled connection keeps its settings: the short wait is undone before it goes back.
            Run(connection, $"PRAGMA busy_timeout={TruncateWaitMs}");
            try
            {
                Run(connection, $"PRAGMA wal_checkpoint({mode})");
                _framesBefore = -1;
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

    /// <summary>Runs a PASSIVE checkpoint; answers how many frames the WAL holds (its second column, "log").</summary>
    private static long PassiveCheckpoint(SqliteConnection connection)
    {
        using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA wal_checkpoint(PASSIVE)";
        using var reader = command.ExecuteReader();
        return reader.Read() ? reader.GetInt64(1) : -1;
    }

    private static long Scalar(SqliteConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        return Convert.ToInt64(command.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture);
    }

    private static void Run(SqliteConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }
}

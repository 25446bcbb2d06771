namespace WechatLeads.Server.Data;

/// <summary>The <c>Database</c> section.</summary>
internal sealed class DatabaseOptions
{
    public const string Section = "Database";

    /// <summary><c>Sqlite</c> (default) or <c>Postgres</c>; <c>ConnectionStrings:Leads</c> points at either.</summary>
    public string Provider { get; set; } = "Sqlite";

    /// <summary>
    /// SQLite in WAL mode: <c>Normal</c> (default) survives a process crash with every acknowledged commit;
    /// on power loss or an OS crash the last few commits may be lost. <c>Full</c> fsyncs every commit and
    /// survives power loss, at a large cost in write throughput.
    /// </summary>
    public string SqliteSynchronous { get; set; } = "Normal";

    /// <summary>
    /// SQLite: the size the WAL file is brought back to (<c>PRAGMA journal_size_limit</c>), and past which
    /// <see cref="SqliteCheckpointer"/> runs a truncating checkpoint. Without it a burst of writes leaves a
    /// WAL as large as the burst for good (a PASSIVE checkpoint copies pages but never shrinks the file).
    /// </summary>
    public long SqliteWalLimitBytes { get; set; } = 64L * 1024 * 1024;

    /// <summary>
    /// PostgreSQL: the most connections one instance opens for requests and the write queue, unless the
    /// connection string sets Maximum Pool Size. A burst beyond it waits for a free connection.
    /// </summary>
    public int MaxPoolSize { get; set; } = 30;

    /// <summary>
    /// PostgreSQL: group commits one instance runs side by side, each on a connection of its own (taken from
    /// <see cref="MaxPoolSize"/>). SQLite always has one writer.
    /// </summary>
    public int Writers { get; set; } = 2;
}

internal static class DatabaseProviders
{
    public const string Sqlite = "Sqlite";
    public const string Postgres = "Postgres";
}

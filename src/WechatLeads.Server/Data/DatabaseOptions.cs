namespace WechatLeads.Server.Data;

/// <summary>The <c>Database</c> section.</summary>
public sealed class DatabaseOptions
{
    public const string Section = "Database";

    /// <summary><c>Sqlite</c> (default).</summary>
    public string Provider { get; set; } = "Sqlite";

    /// <summary>
    /// SQLite in WAL mode: <c>Normal</c> (default) survives a process crash with every acknowledged commit;
    /// on power loss or an OS crash the last few commits may be lost. <c>Full</c> fsyncs every commit and
    /// survives power loss, at a large cost in write throughput.
    /// </summary>
    public string SqliteSynchronous { get; set; } = "Normal";
}

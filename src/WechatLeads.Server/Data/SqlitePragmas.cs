using System.Data.Common;
using System.Runtime.CompilerServices;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace WechatLeads.Server.Data;

/// <summary>
/// Per-connection SQLite settings. WAL lets readers run beside the single writer; <c>synchronous</c> is the
/// durability knob described in <see cref="DatabaseOptions.SqliteSynchronous"/>; the busy timeout makes a
/// second writer wait instead of failing. Applied once per physical connection: EF opens a pooled
/// connection for every query, and re-running six pragmas each time (parsed and run again) cost more
/// than the session lookup they came with.
/// </summary>
internal sealed class SqlitePragmas(string synchronous, long walLimitBytes) : DbConnectionInterceptor
{
    /// <summary>Every connection's, and what the checkpointer restores after its short wait.</summary>
    public const int BusyTimeoutMs = 10000;

    private readonly string _sql = $"PRAGMA synchronous={(synchronous.Equals("Full", StringComparison.OrdinalIgnoreCase) ? "FULL" : "NORMAL")}; PRAGMA " +
        $"busy_timeout={BusyTimeoutMs}; PRAGMA foreign_keys=ON; " +
        // A larger page cache (8 MiB a connection): with random keys (hashes, openids) the B-trees are touched all over.
        "PRAGMA cache_size=-8192; " +
        // Checkpoints run in SqliteCheckpointer, not inside whichever commit crosses the threshold.
        "PRAGMA wal_autocheckpoint=0; PRAGMA temp_store=MEMORY; " +
        // When the WAL starts over, a file past the checkpointer's ceiling is cut back to it, never to less: cutting
        // is the writer's work inside a commit. Below that, the checkpointer truncates once writes pause (see there).
        $"PRAGMA journal_size_limit={walLimitBytes * SqliteCheckpointer.CeilingFactor};";

    // The native handles already set up; a pooled connection keeps its handle across opens.
    private readonly ConditionalWeakTable<object, object> _configured = new();

    public override void ConnectionOpened(DbConnection connection, ConnectionEndEventData eventData) => Apply(connection);

    public override Task ConnectionOpenedAsync(DbConnection connection, ConnectionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        Apply(connection); // SQLite's async API is synchronous underneath
        return Task.CompletedTask;
    }

    public void Apply(DbConnection connection)
    {
        var handle = (connection as SqliteConnection)?.Handle;
        if (handle is not null && _configured.TryGetValue(handle, out _)) return;
        using (var command = connection.CreateCommand())
        {
            command.CommandText = _sql;
            command.ExecuteNonQuery();
        }
        if (handle is not null) _configured.AddOrUpdate(handle, this);
    }
}

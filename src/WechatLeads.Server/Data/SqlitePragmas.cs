using System.Data.Common;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace WechatLeads.Server.Data;

/// <summary>
/// Per-connection SQLite settings. WAL lets readers run beside the single writer; <c>synchronous</c> is the
/// durability knob described in <see cref="DatabaseOptions.SqliteSynchronous"/>; the busy timeout makes a
/// second writer wait instead of failing.
/// </summary>
internal sealed class SqlitePragmas(string synchronous) : DbConnectionInterceptor
{
    private readonly string _sql = $"PRAGMA synchronous={(synchronous.Equals("Full", StringComparison.OrdinalIgnoreCase) ? "FULL" : "NORMAL")}; PRAGMA busy_timeout=10000; PRAGMA foreign_keys=ON; " +
        // Pages read through a memory map (no read() system call per page miss) and a larger page cache: with
        // random keys (hashes, openids) the B-trees are touched all over, and the syscalls showed in profiles.
        "PRAGMA mmap_size=268435456; PRAGMA cache_size=-16384; " +
        // Checkpoints run in SqliteCheckpointer, not inside whichever commit crosses the threshold.
        "PRAGMA wal_autocheckpoint=0;";

    public override void ConnectionOpened(DbConnection connection, ConnectionEndEventData eventData) => Apply(connection);

    public override async Task ConnectionOpenedAsync(DbConnection connection, ConnectionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = _sql;
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    public void Apply(DbConnection connection)
    {
        using var command = connection.CreateCommand();
        command.CommandText = _sql;
        command.ExecuteNonQuery();
    }
}

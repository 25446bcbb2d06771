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
    private readonly string _sql = $"PRAGMA synchronous={(synchronous.Equals("Full", StringComparison.OrdinalIgnoreCase) ? "FULL" : "NORMAL")}; PRAGMA busy_timeout=10000; PRAGMA foreign_keys=ON;";

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

using System.Data.Common;
using Microsoft.Data.Sqlite;
using Npgsql;

namespace WechatLeads.Server.Data;

/// <summary>
/// Pooled connections to the leads database without a DbContext, for the rare read that runs on every
/// request of a rush, where building a context and running an EF query costs several times the query
/// itself (the mini-program session lookup). The same connection string as the DbContext's, so the same
/// pool and, on SQLite, the same once-per-connection pragmas.
/// </summary>
internal sealed class DirectConnections
{
    private readonly Func<DbConnection> _create;
    private readonly Action<DbConnection> _opened;

    private DirectConnections(Func<DbConnection> create, Action<DbConnection> opened)
    {
        _create = create;
        _opened = opened;
    }

    internal static DirectConnections Sqlite(string connectionString, SqlitePragmas pragmas) =>
        new(() => new SqliteConnection(connectionString), pragmas.Apply);

    internal static DirectConnections Postgres(string connectionString) => new(() => new NpgsqlConnection(connectionString), _ => { });

    public async Task<DbConnection> OpenAsync(CancellationToken cancellationToken)
    {
        var connection = _create();
        try
        {
            await connection.OpenAsync(cancellationToken);
            _opened(connection);
            return connection;
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }
    }
}

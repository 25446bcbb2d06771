using System.Data.Common;

namespace WechatLeads.Server.Data;

/// <summary>
/// The writer's own open connection and its prepared statements, kept for as long as the connection
/// lives: one statement text, one command, parameters <c>@p0…</c> rebound per row.
/// </summary>
internal sealed class PreparedCommands(IServiceScope scope, DbConnection connection) : IAsyncDisposable
{
    private readonly Dictionary<string, DbCommand> _commands = new(StringComparer.Ordinal);

    public DbConnection Connection => connection;

    public DbCommand Get(string sql, int parameterCount)
    {
        if (_commands.TryGetValue(sql, out var command)) return command;
        command = connection.CreateCommand();
        command.CommandText = sql;
        for (var i = 0; i < parameterCount; i++) command.AddParameter("@p" + i, null); // values bound per row
        _commands.Add(sql, command);
        return command;
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var command in _commands.Values) await command.DisposeAsync();
        await connection.CloseAsync();
        if (scope is IAsyncDisposable disposable) await disposable.DisposeAsync();
        else scope.Dispose();
    }
}

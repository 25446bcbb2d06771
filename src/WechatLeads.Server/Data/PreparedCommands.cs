using System.Data.Common;

namespace WechatLeads.Server.Data;

/// <summary>
/// The writer's own open connection and its prepared statements, kept for as long as the connection
/// lives: one statement text, one command, its parameters rebound per use.
/// </summary>
internal sealed class PreparedCommands(IServiceScope scope, DbConnection connection) : IAsyncDisposable
{
    private readonly Dictionary<string, DbCommand> _commands = new(StringComparer.Ordinal);

    public DbConnection Connection => connection;

    /// <summary>A multi-row statement's command: parameters <c>@p0…</c>, row after row (see <see cref="MultiRowStatement"/>).</summary>
    public DbCommand Get(string sql, int parameterCount) =>
        Get(sql, Enumerable.Range(0, parameterCount).Select(i => "@p" + i));

    /// <summary>A statement's command with the named parameters it takes; values are bound per use.</summary>
    public DbCommand Get(string sql, IEnumerable<string> parameterNames)
    {
        if (_commands.TryGetValue(sql, out var command)) return command;
        command = connection.CreateCommand();
        command.CommandText = sql;
        foreach (var name in parameterNames) command.AddParameter(name, null);
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

using System.Data.Common;

namespace WechatLeads.Server.Data;

/// <summary>Binding by name for the raw statements (<see cref="IdListSql"/>, the writer's prepared commands, the session lookup).</summary>
internal static class DbCommandParameters
{
    /// <summary>Adds <paramref name="name"/> = <paramref name="value"/> (null binds as SQL NULL); returns the name, for the SQL text.</summary>
    public static string AddParameter(this DbCommand command, string name, object? value)
    {
        var parameter = command.CreateParameter();
        parameter.ParameterName = name;
        parameter.Value = value ?? DBNull.Value;
        command.Parameters.Add(parameter);
        return name;
    }
}

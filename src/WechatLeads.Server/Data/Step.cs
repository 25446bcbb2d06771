using System.Data.Common;

namespace WechatLeads.Server.Data;

/// <summary>
/// One statement of <see cref="WriteBatch.RunTogether"/>: its SQL, its named values (see <see cref="SqlParameters"/>), and
/// for a statement that returns rows (a <c>SELECT</c>, a <c>RETURNING</c>) how its first row is read. A statement
/// that returns rows must be a <see cref="Row"/> step: the answers are matched to the steps in order.
/// </summary>
internal readonly record struct Step(string Sql, object? Parameters, Func<DbDataReader, object>? Map)
{
    public static Step Row(string sql, object? parameters, Func<DbDataReader, object> map) => new(sql, parameters, map);

    public static Step Execute(string sql, object? parameters = null) => new(sql, parameters, null);
}

/// <summary>What a <see cref="Step"/> answered: rows affected, and for a row step its first row as read (null when none).</summary>
internal readonly record struct StepAnswer(int Affected, object? Row)
{
    public T? RowAs<T>() where T : class => Row as T;
}

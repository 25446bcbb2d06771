using System.Data.Common;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;

namespace WechatLeads.Server.Data;

/// <summary>
/// A statement over a list of row ids that must say which rows it touched — <c>UPDATE … WHERE "Id" IN
/// ({ids}) AND … RETURNING …</c>, the same text on SQLite (3.35+) and PostgreSQL. EF's ExecuteUpdate
/// cannot return rows, and a claim has to know exactly which rows it won.
/// </summary>
internal static class IdListSql
{
    /// <summary>Runs <paramref name="sql"/> with <c>{ids}</c> replaced by one parameter per id; <paramref name="values"/> bind by name.</summary>
    public static async Task<List<T>> QueryAsync<T>(
        LeadsDbContext db, string sql, IReadOnlyList<string> ids, IReadOnlyList<(string Name, object Value)> values,
        Func<DbDataReader, T> map, CancellationToken cancellationToken)
    {
        if (ids.Count == 0) return [];
        await db.Database.OpenConnectionAsync(cancellationToken);
        try
        {
            await using var command = db.Database.GetDbConnection().CreateCommand();
            command.Transaction = db.Database.CurrentTransaction?.GetDbTransaction();
            var names = new string[ids.Count];
            for (var i = 0; i < ids.Count; i++) names[i] = command.AddParameter("@id" + i, ids[i]);
            foreach (var (name, value) in values) command.AddParameter(name, value);
            command.CommandText = sql.Replace("{ids}", string.Join(", ", names), StringComparison.Ordinal);
            var rows = new List<T>(ids.Count);
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken)) rows.Add(map(reader));
            return rows;
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }
    }
}

using System.Text.Json;
using WechatLeads.Server.Data;

namespace WechatLeads.Server.Jobs;

/// <summary>Adds an outbox row to the current write batch; its job is enqueued after the batch commits.</summary>
public sealed class OutboxWrite(string kind, object payload) : IDurableWrite
{
    private const string Sql =
        "INSERT INTO \"Outbox\" (\"Id\", \"Kind\", \"Payload\", \"CreatedAt\", \"Attempts\") VALUES (@p0, @p1, @p2, @p3, 0)";

    public string Id { get; } = Ids.New();

    public async Task ApplyAsync(WriteBatch batch, CancellationToken cancellationToken)
    {
        await batch.ExecuteAsync(Sql, cancellationToken, Id, kind, JsonSerializer.Serialize(payload), batch.Now);
        batch.AddedOutbox(Id);
    }
}

using System.Text.Json;
using WechatLeads.Server.Data;

namespace WechatLeads.Server.Data;

/// <summary>Adds an outbox row to the current write batch; its job is enqueued after the batch commits.</summary>
internal sealed class OutboxWrite(string kind, object payload) : IDurableWrite
{
    private const string Sql =
        """INSERT INTO "Outbox" ("Id", "Kind", "Payload", "CreatedAt", "Attempts") VALUES (@Id, @Kind, @Payload, @CreatedAt, 0)""";

    // Serialised here, on the request's thread, not inside the single writer's loop.
    private readonly string _payload = JsonSerializer.Serialize(payload);

    public string Id { get; } = Ids.New();

    public async Task ApplyAsync(WriteBatch batch, CancellationToken cancellationToken)
    {
        await batch.ExecuteAsync(Sql, new { Id, Kind = kind, Payload = _payload, CreatedAt = batch.Now }, cancellationToken);
        batch.AddedOutbox(Id);
    }
}

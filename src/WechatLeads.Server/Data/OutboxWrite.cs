using System.Text.Json;

namespace WechatLeads.Server.Data;

/// <summary>
/// Adds an outbox row to the current write batch; its job is enqueued after the batch commits. The row remembers the
/// trace it was made in: the request's when a request made this write, the group commit's when the writer did.
/// </summary>
internal sealed class OutboxWrite(string kind, object payload) : IDurableWrite
{
    private const string Sql =
        """INSERT INTO "Outbox" ("Id", "Kind", "Payload", "CreatedAt", "Attempts", "TraceParent") """ +
        """VALUES (@Id, @Kind, @Payload, @CreatedAt, 0, @TraceParent)""";

    // Serialised here, on the request's thread, not inside the single writer's loop.
    private readonly string _payload = JsonSerializer.Serialize(payload);
    private readonly string? _traceParent = Telemetry.ServerTelemetry.CurrentTraceParent();

    public string Id { get; } = Ids.New();

    public Task ApplyAsync(WriteBatch batch, CancellationToken cancellationToken)
    {
        batch.Defer(Sql, new { Id, Kind = kind, Payload = _payload, CreatedAt = batch.Now, TraceParent = _traceParent });
        batch.AddedOutbox(Id);
        return Task.CompletedTask;
    }
}

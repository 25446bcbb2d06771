namespace WechatLeads.Server.Data;

/// <summary>
/// A piece of state a request must make durable before it is acknowledged (an opt-out, an outbox row…).
/// It runs inside the group-commit writer's transaction, with raw SQL that is the same on SQLite and
/// PostgreSQL, so it must be quick and must not call anything outside the database.
/// </summary>
public interface IDurableWrite
{
    Task ApplyAsync(WriteBatch batch, CancellationToken cancellationToken);
}

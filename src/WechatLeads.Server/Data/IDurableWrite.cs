namespace WechatLeads.Server.Data;

/// <summary>
/// A piece of state a request must make durable before it is acknowledged (an opt-out, an outbox row…).
/// It runs inside the group-commit writer's transaction, with raw SQL that is the same on SQLite and
/// PostgreSQL, so it must be quick and must not call anything outside the database.
/// </summary>
internal interface IDurableWrite
{
    Task ApplyAsync(WriteBatch batch, CancellationToken cancellationToken);
}

/// <summary>
/// A write a batch often holds hundreds of (an opt-out per 取消订阅 click in a rush): the writer applies
/// all writes of its type together, after the batch's other writes, so they share multi-row statements
/// and one follow-up job. Any order of a batch's writes is one the requests could have arrived in.
/// </summary>
internal interface IGroupedWrite : IDurableWrite
{
    /// <summary>Applies <paramref name="group"/>: every write of this one's type in the batch, in arrival order.</summary>
    Task ApplyGroupAsync(WriteBatch batch, IReadOnlyList<IGroupedWrite> group, CancellationToken cancellationToken);
}

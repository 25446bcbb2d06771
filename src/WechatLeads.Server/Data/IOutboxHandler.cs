namespace WechatLeads.Server.Data;

/// <summary>
/// Carries out one kind of outbox work. Runs at least once (a crash or a retry may repeat it), so it must
/// be idempotent: check what is already done before doing it.
/// </summary>
internal interface IOutboxHandler
{
    string Kind { get; }
    Task HandleAsync(string payload, CancellationToken cancellationToken);
}

/// <summary>
/// A kind whose work can be done for a whole chunk of items in a few set-based statements. A burst of
/// thousands of opt-outs then costs the database dozens of statements, not tens of thousands.
/// </summary>
internal interface IOutboxBatchHandler : IOutboxHandler
{
    /// <summary>Does the work of every item; returns the ones that failed, with why. The rest are done.</summary>
    Task<IReadOnlyDictionary<string, Exception>> HandleManyAsync(IReadOnlyList<OutboxItem> items, CancellationToken cancellationToken);
}

/// <summary>One claimed outbox row as a handler sees it.</summary>
internal sealed record OutboxItem(string Id, string Payload);

internal interface IOutboxEnqueuer
{
    void Enqueue(IEnumerable<string> outboxIds);
}

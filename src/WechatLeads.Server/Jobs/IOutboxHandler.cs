namespace WechatLeads.Server.Jobs;

/// <summary>
/// Carries out one kind of outbox work. Runs at least once (a crash or a retry may repeat it), so it must
/// be idempotent: check what is already done before doing it.
/// </summary>
public interface IOutboxHandler
{
    string Kind { get; }
    Task HandleAsync(string payload, CancellationToken cancellationToken);
}

public interface IOutboxEnqueuer
{
    void Enqueue(IEnumerable<string> outboxIds);
}

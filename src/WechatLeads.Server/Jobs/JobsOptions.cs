namespace WechatLeads.Server.Jobs;

/// <summary>The <c>Hangfire</c> section.</summary>
internal sealed class JobsOptions
{
    public const string Section = "Hangfire";

    /// <summary><c>InMemory</c> (default): jobs die with the process, the outbox brings back the ones that matter.</summary>
    public string Storage { get; set; } = "InMemory";

    /// <summary>Runs a Hangfire server in this process. Off only for instances that must never execute jobs.</summary>
    public bool ServerEnabled { get; set; } = true;

    /// <summary>
    /// Postgres storage: how long a job fetched by an instance that has since died stays invisible before
    /// another instance runs it. Live instances keep extending it while their jobs run (sliding).
    /// </summary>
    public TimeSpan InvisibilityTimeout { get; set; } = TimeSpan.FromMinutes(5);

    public int WorkerCount { get; set; } = Math.Min(Environment.ProcessorCount * 5, 20);

    /// <summary>
    /// Workers of the outbox queue (default: half the cores, at least one), in addition to WorkerCount. Kept
    /// low so that in a burst the webhook, which acknowledges new work, keeps most of the CPU and the
    /// follow-ups drain behind it; on 2 cores, 1 held the opt-out path's p99 under 50 ms where 2 did not.
    /// </summary>
    public int OutboxConcurrency { get; set; } = Math.Max(1, Environment.ProcessorCount / 2);
}

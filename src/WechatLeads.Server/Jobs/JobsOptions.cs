namespace WechatLeads.Server.Jobs;

/// <summary>The <c>Hangfire</c> section.</summary>
public sealed class JobsOptions
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
    /// Outbox chunks (of up to 50 items) one instance works on at once. Kept near the core count so that
    /// during a burst the webhook, which acknowledges new work, keeps most of the CPU; the backlog drains after.
    /// </summary>
    public int OutboxConcurrency { get; set; } = Math.Max(2, Environment.ProcessorCount);
}

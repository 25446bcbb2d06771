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
}

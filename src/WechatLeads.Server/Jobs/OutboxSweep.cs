using Hangfire;
using Microsoft.EntityFrameworkCore;
using WechatLeads.Server.Data;

namespace WechatLeads.Server.Jobs;

/// <summary>
/// Re-enqueues outbox work that has no live job: after a restart (in-memory job storage starts empty) and
/// every minute (a job that exhausted its retries, an enqueue that failed). Enqueuing twice is harmless:
/// <see cref="OutboxProcessor"/> claims each row before running it.
/// </summary>
public sealed class OutboxSweep(LeadsDbContext db, IOutboxEnqueuer enqueuer, TimeProvider time, ILogger<OutboxSweep> logger)
{
    public const string RecurringJobId = "outbox-sweep";
    public const int GiveUpAfterAttempts = 50;

    [DisableConcurrentExecution(timeoutInSeconds: 60)]
    [AutomaticRetry(Attempts = 0)]
    public async Task<int> RunAsync(TimeSpan minimumAge, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow().UtcDateTime;
        var createdBefore = now - minimumAge;
        var ids = await db.Set<OutboxMessage>().AsNoTracking()
            .Where(m => m.ProcessedAt == null && m.CreatedAt <= createdBefore && (m.LeaseUntil == null || m.LeaseUntil < now) && m.Attempts < GiveUpAfterAttempts)
            .OrderBy(m => m.CreatedAt).Select(m => m.Id).Take(5000)
            .ToListAsync(cancellationToken);
        if (ids.Count > 0)
        {
            logger.LogInformation("Outbox sweep re-enqueued {Count} unfinished items", ids.Count);
            enqueuer.Enqueue(ids);
        }
        return ids.Count;
    }
}

internal sealed class HangfireOutboxEnqueuer(IBackgroundJobClient jobs) : IOutboxEnqueuer
{
    public void Enqueue(IEnumerable<string> outboxIds)
    {
        foreach (var id in outboxIds)
            jobs.Enqueue<OutboxProcessor>(p => p.ProcessAsync(id, CancellationToken.None));
    }
}

using System.Threading.Channels;
using Hangfire;
using Microsoft.EntityFrameworkCore;
using WechatLeads.Server.Data;

namespace WechatLeads.Server.Jobs;

/// <summary>
/// Re-enqueues outbox work that has no live job: after a restart (in-memory job storage starts empty) and
/// every 15 seconds for work at least 30 seconds old (a job that exhausted its retries, an enqueue or a run
/// that went missing) — soon enough that a 取消订阅 confirmation still makes WeChat's one-minute reply
/// window after a menu click; a minutely sweep of minute-old work never could. Enqueuing twice is harmless:
/// <see cref="OutboxProcessor"/> claims each row before running it.
/// </summary>
internal sealed class OutboxSweep(LeadsDbContext db, IOutboxEnqueuer enqueuer, JobStorage storage, TimeProvider time, ILogger<OutboxSweep> logger)
{
    public const string RecurringJobId = "outbox-sweep";
    public const int GiveUpAfterAttempts = 50;
    public static readonly TimeSpan MinimumAge = TimeSpan.FromSeconds(30);
    public const string Every = "*/15 * * * * *"; // with seconds: the servers poll schedules every second

    [DisableConcurrentExecution(timeoutInSeconds: 60)]
    [AutomaticRetry(Attempts = 0)]
    public async Task<int> RunAsync(TimeSpan minimumAge, CancellationToken cancellationToken)
    {
        // While outbox jobs are queued, old rows are most likely waiting their turn behind a burst, not lost:
        // enqueuing them again every 15 s would only crowd the queue. Lost ones are found once it drains.
        // (A zero age is the start-up sweep: after a restart the in-memory queue is empty and everything is due.)
        if (minimumAge > TimeSpan.Zero && storage.GetMonitoringApi().EnqueuedCount(OutboxProcessor.Queue) > 0) return 0;
        var now = time.GetUtcNow().UtcDateTime;
        var createdBefore = now - minimumAge;
        var ids = await db.Set<OutboxMessage>().AsNoTracking()
            .Where(m => m.ProcessedAt == null
                && m.CreatedAt <= createdBefore
                && (m.LeaseUntil == null || m.LeaseUntil < now)
                && m.Attempts < GiveUpAfterAttempts)
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

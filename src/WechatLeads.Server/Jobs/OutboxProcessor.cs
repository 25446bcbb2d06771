using Hangfire;
using Microsoft.EntityFrameworkCore;
using WechatLeads.Server.Data;

namespace WechatLeads.Server.Jobs;

/// <summary>
/// The Hangfire job behind every outbox row. It claims the row with a lease (a conditional update, so two
/// workers on two instances never run it at once), runs the handler for its kind, and marks it done.
/// A failure releases the lease and rethrows, so Hangfire's retry — or the sweep — tries again.
/// </summary>
public sealed class OutboxProcessor(
    LeadsDbContext db, IEnumerable<IOutboxHandler> handlers, TimeProvider time, ILogger<OutboxProcessor> logger)
{
    public static readonly TimeSpan Lease = TimeSpan.FromMinutes(2);

    /// <summary>
    /// Runs a chunk of outbox items, each on its own claim; one failing does not hold up the others. If any
    /// failed, the job fails afterwards so Hangfire retries it — the items already done are skipped then.
    /// </summary>
    [AutomaticRetry(Attempts = 8, DelaysInSeconds = [1, 2, 5, 10, 30, 60, 120, 300])]
    public async Task ProcessManyAsync(string[] outboxIds, CancellationToken cancellationToken)
    {
        var failures = new List<Exception>();
        foreach (var id in outboxIds)
        {
            try { await ProcessAsync(id, cancellationToken); }
            catch (Exception e) when (e is not OperationCanceledException) { failures.Add(e); }
        }
        if (failures.Count > 0) throw new AggregateException($"{failures.Count} of {outboxIds.Length} outbox items failed.", failures);
    }

    [AutomaticRetry(Attempts = 8, DelaysInSeconds = [1, 2, 5, 10, 30, 60, 120, 300])]
    public async Task ProcessAsync(string outboxId, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow().UtcDateTime;
        var claimed = await db.Set<OutboxMessage>()
            .Where(m => m.Id == outboxId && m.ProcessedAt == null && (m.LeaseUntil == null || m.LeaseUntil < now))
            .ExecuteUpdateAsync(s => s.SetProperty(m => m.LeaseUntil, now + Lease).SetProperty(m => m.Attempts, m => m.Attempts + 1), cancellationToken);
        if (claimed == 0) return; // done already, or another worker holds it

        db.ChangeTracker.Clear(); // one context serves a whole chunk; no item sees another's tracked rows
        var message = await db.Set<OutboxMessage>().AsNoTracking().SingleAsync(m => m.Id == outboxId, cancellationToken);
        var handler = handlers.FirstOrDefault(h => h.Kind == message.Kind)
            ?? throw new InvalidOperationException($"No outbox handler for kind '{message.Kind}'.");
        try
        {
            await handler.HandleAsync(message.Payload, cancellationToken);
        }
        catch (Exception error)
        {
            var reason = Describe(error);
            logger.LogWarning("Outbox {Kind} {Id} failed (attempt {Attempt}): {Reason}", message.Kind, outboxId, message.Attempts + 1, reason);
            await db.Set<OutboxMessage>().Where(m => m.Id == outboxId)
                .ExecuteUpdateAsync(s => s.SetProperty(m => m.LeaseUntil, (DateTime?)null).SetProperty(m => m.LastError, reason), CancellationToken.None);
            throw;
        }

        var done = time.GetUtcNow().UtcDateTime;
        await db.Set<OutboxMessage>().Where(m => m.Id == outboxId)
            .ExecuteUpdateAsync(s => s.SetProperty(m => m.ProcessedAt, done).SetProperty(m => m.LeaseUntil, (DateTime?)null).SetProperty(m => m.LastError, (string?)null), CancellationToken.None);
    }

    /// <summary>The error's type and WeChat code only: exception messages may carry data we must not store.</summary>
    private static string Describe(Exception error) => error switch
    {
        Wechat.Api.WechatApiException w => $"WeChat {w.Endpoint} errcode {w.ErrorCode}",
        _ => error.GetType().Name,
    };
}

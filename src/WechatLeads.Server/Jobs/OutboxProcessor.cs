using System.Diagnostics;
using Hangfire;
using Microsoft.EntityFrameworkCore;
using WechatLeads.Server.Data;
using WechatLeads.Server.Telemetry;

namespace WechatLeads.Server.Jobs;

/// <summary>
/// The Hangfire job behind every outbox row. It claims a chunk of rows with a lease (one conditional
/// update, so two workers on two instances never run the same row at once), runs the handler of each kind
/// — a whole chunk at a time for kinds that can — and marks the finished rows done in one statement.
/// A failed row has its lease released and the job fails afterwards, so Hangfire's retry — or the sweep —
/// tries it again; the rows already done are skipped then.
/// </summary>
internal sealed class OutboxProcessor(
    LeadsDbContext db, IEnumerable<IOutboxHandler> handlers, TimeProvider time, ILogger<OutboxProcessor> logger)
{
    public static readonly TimeSpan Lease = TimeSpan.FromMinutes(2);

    /// <summary>
    /// Outbox jobs have a Hangfire queue of their own, served by <see cref="JobsOptions.OutboxConcurrency"/>
    /// workers: in a burst the follow-ups drain behind the webhook instead of taking the cores from it, and
    /// the other jobs (the sweep, retention, sends) keep their own workers.
    /// </summary>
    public const string Queue = "outbox";

    [AutomaticRetry(Attempts = 8, DelaysInSeconds = [1, 2, 5, 10, 30, 60, 120, 300])]
    public async Task ProcessManyAsync(string[] outboxIds, CancellationToken cancellationToken)
    {
        var claimed = await ClaimAsync(outboxIds, cancellationToken);
        if (claimed.Count == 0) return; // done already, or other workers hold them

        var failures = new Dictionary<string, Exception>(StringComparer.Ordinal);
        var ran = new List<Claimed>(claimed.Count);
        try
        {
            foreach (var group in claimed.GroupBy(c => c.Kind, StringComparer.Ordinal))
            {
                // One span per kind in the trace of the first row's writer; the other rows' traces are linked to it.
                var items = group.ToList();
                using var span = ServerTelemetry.StartFrom("outbox " + group.Key, ActivityKind.Consumer, items[0].TraceParent,
                    items.Skip(1).Select(i => i.TraceParent));
                span?.SetTag("wechatleads.outbox.kind", group.Key);
                span?.SetTag("wechatleads.outbox.rows", items.Count);
                await RunKindAsync(group.Key, items, failures, cancellationToken);
                if (items.Any(i => failures.ContainsKey(i.Id))) span?.SetStatus(ActivityStatusCode.Error, "an outbox row failed and will be retried");
                ran.AddRange(items);
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // The instance is stopping (a rolling deploy): keep what finished and hand the rest back now, so the next
            // instance or the next start takes it at once instead of waiting out a two-minute lease.
            await FinishAsync(ran, failures);
            await HandBackAsync(claimed.Except(ran).Select(c => c.Id).ToList());
            throw;
        }

        await FinishAsync(claimed, failures);
        if (failures.Count > 0)
            throw new AggregateException($"{failures.Count} of {claimed.Count} outbox items failed.", failures.Values);
    }

    /// <summary>Marks the rows of <paramref name="ran"/> that did not fail done; releases the failed ones with why.</summary>
    private async Task FinishAsync(List<Claimed> ran, Dictionary<string, Exception> failures)
    {
        var done = ran.Where(c => !failures.ContainsKey(c.Id)).Select(c => c.Id).ToList();
        if (done.Count > 0) await MarkDoneAsync(done);
        foreach (var item in ran.Where(c => failures.ContainsKey(c.Id))) await ReleaseAsync(item, failures[item.Id]);
    }

    private async Task HandBackAsync(List<string> ids)
    {
        if (ids.Count == 0) return;
        await db.Set<OutboxMessage>().Where(m => ids.Contains(m.Id) && m.ProcessedAt == null)
            .ExecuteUpdateAsync(s => s.SetProperty(m => m.LeaseUntil, (DateTime?)null), CancellationToken.None);
        logger.LogInformation("Shutting down: {Count} outbox items handed back unfinished", ids.Count);
    }

    private async Task RunKindAsync(string kind, List<Claimed> items, Dictionary<string, Exception> failures, CancellationToken cancellationToken)
    {
        var handler = handlers.FirstOrDefault(h => h.Kind == kind);
        if (handler is null)
        {
            foreach (var item in items) failures[item.Id] = new InvalidOperationException($"No outbox handler for kind '{kind}'.");
            return;
        }
        db.ChangeTracker.Clear(); // one context serves a whole chunk; no handler sees another's tracked rows
        if (handler is IOutboxBatchHandler batch)
        {
            try
            {
                var failed = await batch.HandleManyAsync(items.Select(i => new OutboxItem(i.Id, i.Payload)).ToList(), cancellationToken);
                foreach (var (id, error) in failed) failures[id] = error;
            }
            catch (Exception error) when (error is not OperationCanceledException)
            {
                foreach (var item in items) failures[item.Id] = error;
            }
            return;
        }
        foreach (var item in items)
        {
            try
            {
                db.ChangeTracker.Clear();
                await handler.HandleAsync(item.Payload, cancellationToken);
            }
            catch (Exception error) when (error is not OperationCanceledException)
            {
                failures[item.Id] = error;
            }
        }
    }

    /// <summary>Leases every row of <paramref name="ids"/> that is not done and not leased, in one statement that says which.</summary>
    private Task<List<Claimed>> ClaimAsync(string[] ids, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow().UtcDateTime;
        return IdListSql.QueryAsync(db,
            "UPDATE \"Outbox\" SET \"LeaseUntil\" = @until, \"Attempts\" = \"Attempts\" + 1 " +
            "WHERE \"Id\" IN ({ids}) AND \"ProcessedAt\" IS NULL AND (\"LeaseUntil\" IS NULL OR \"LeaseUntil\" < @now) " +
            "RETURNING \"Id\", \"Kind\", \"Payload\", \"Attempts\", \"TraceParent\"",
            ids, [("@until", now + Lease), ("@now", now)],
            r => new Claimed(r.GetString(0), r.GetString(1), r.GetString(2), r.GetInt32(3), r.IsDBNull(4) ? null : r.GetString(4)), cancellationToken);
    }

    private async Task MarkDoneAsync(List<string> ids)
    {
        var done = time.GetUtcNow().UtcDateTime;
        await db.Set<OutboxMessage>().Where(m => ids.Contains(m.Id))
            .ExecuteUpdateAsync(s => s.SetProperty(m => m.ProcessedAt, done).SetProperty(m => m.LeaseUntil, (DateTime?)null)
                .SetProperty(m => m.LastError, (string?)null), CancellationToken.None);
    }

    private async Task ReleaseAsync(Claimed item, Exception error)
    {
        var reason = Describe(error);
        logger.LogWarning("Outbox {Kind} {Id} failed (attempt {Attempt}): {Reason}", item.Kind, item.Id, item.Attempts, reason);
        await db.Set<OutboxMessage>().Where(m => m.Id == item.Id)
            .ExecuteUpdateAsync(s => s.SetProperty(m => m.LeaseUntil, (DateTime?)null).SetProperty(m => m.LastError, reason), CancellationToken.None);
    }

    /// <summary>The error's type and WeChat code only: exception messages may carry data we must not store.</summary>
    private static string Describe(Exception error) => error switch
    {
        Wechat.Api.WechatApiException w => $"WeChat {w.Endpoint} errcode {w.ErrorCode}",
        _ => error.GetType().Name,
    };

    private sealed record Claimed(string Id, string Kind, string Payload, int Attempts, string? TraceParent);
}


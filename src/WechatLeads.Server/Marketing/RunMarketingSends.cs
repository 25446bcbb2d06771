using Hangfire;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using WechatLeads.Server.Data;
using WechatLeads.Server.Jobs;

namespace WechatLeads.Server.Marketing;

/// <summary>
/// Works through a send in batches. One instance at a time holds the send's lease (renewed per batch); each
/// delivery moves pending → sending → sent/skipped/failed by conditional updates, so a crash anywhere leaves
/// a state the next run continues from: a message interrupted mid-call is repeated only on a channel that
/// de-duplicates by message id (the sandbox); a WeChat call or a real SMS provider's is not (marked unknown) —
/// never a second message. A
/// recurring job (every minute) starts due sends and resumes interrupted ones; quiet hours pause a send
/// until the morning, they never drop anyone.
/// </summary>
internal sealed class RunMarketingSends(
    LeadsDbContext db, MarketingAudience audience, MarketingGate gate, IEnumerable<IMarketingChannel> channels,
    IOptionsMonitor<MarketingOptions> options, TimeProvider time, IBackgroundJobClient jobs, ILogger<RunMarketingSends> logger)
{
    public const string RecurringJobId = "marketing-sends";
    private static readonly TimeSpan Lease = TimeSpan.FromMinutes(2);
    private static readonly TimeSpan StaleClaim = TimeSpan.FromMinutes(5);
    private static readonly TimeSpan ProviderBackoff = TimeSpan.FromMinutes(10);

    /// <summary>The recurring sweep: every due send whose lease is free gets a run.</summary>
    [AutomaticRetry(Attempts = 0)]
    public async Task StartDueAsync(CancellationToken ct)
    {
        var now = Now;
        var due = await db.Set<MarketingSend>().AsNoTracking()
            .Where(s => (s.Status == MarketingSendStatus.Scheduled || s.Status == MarketingSendStatus.Running) && s.ScheduledAt <= now
                        && (s.NotBefore == null || s.NotBefore <= now) && (s.LeaseUntil == null || s.LeaseUntil < now))
            .Select(s => s.Id).ToListAsync(ct);
        foreach (var id in due) jobs.Enqueue<RunMarketingSends>(r => r.RunAsync(id, CancellationToken.None));
    }

    [AutomaticRetry(Attempts = 3, DelaysInSeconds = [10, 60, 300])]
    public async Task RunAsync(long sendId, CancellationToken ct)
    {
        var owner = Ids.New();
        if (!await TryLeaseAsync(sendId, owner, ct)) return; // not due, finished, or another instance has it
        try
        {
            var send = await db.Set<MarketingSend>().AsNoTracking().SingleAsync(s => s.Id == sendId, ct);
            if (send.Status == MarketingSendStatus.Cancelled && send.AudienceBuiltAt is null) return; // cancelled before it began
            var channel = channels.Single(c => c.Name == send.Channel);
            if (send.AudienceBuiltAt is null)
            {
                await audience.BuildAsync(send, Now, ct);
                logger.LogInformation("Marketing send {SendId}: audience drawn", sendId);
            }
            while (await RunBatchAsync(send, channel, owner, ct)) { }
        }
        finally
        {
            await db.Set<MarketingSend>().Where(s => s.Id == sendId && s.LeaseOwner == owner)
                .ExecuteUpdateAsync(
                    s => s.SetProperty(x => x.LeaseOwner, (string?)null).SetProperty(x => x.LeaseUntil, (DateTime?)null),
                    CancellationToken.None);
        }
    }

    /// <returns>True when there may be more to do now.</returns>
    private async Task<bool> RunBatchAsync(MarketingSend send, IMarketingChannel channel, string owner, CancellationToken ct)
    {
        var o = options.CurrentValue;
        var status = await db.Set<MarketingSend>().Where(s => s.Id == send.Id).Select(s => s.Status).SingleAsync(ct);
        if (status == MarketingSendStatus.Cancelled)
        {
            await db.Set<MarketingDelivery>().Where(d => d.SendId == send.Id && d.Status == MarketingDeliveryStatus.Pending)
                .ExecuteUpdateAsync(s => s.SetProperty(d => d.Status, MarketingDeliveryStatus.Skipped).SetProperty(d => d.Reason, SkipReasons.Cancelled)
                    .SetProperty(d => d.CompletedAt, Now), ct);
            return false;
        }
        if (QuietHours.EndsAfter(time.GetUtcNow(), o.QuietFrom, o.QuietUntil) is { } morning)
        {
            await db.Set<MarketingSend>().Where(s => s.Id == send.Id).ExecuteUpdateAsync(s => s.SetProperty(x => x.NotBefore, morning.UtcDateTime), ct);
            logger.LogInformation("Marketing send {SendId} waits for the end of quiet hours ({Until:O})", send.Id, morning);
            return false;
        }

        var staleBefore = Now - StaleClaim;
        var batch = await db.Set<MarketingDelivery>().AsNoTracking()
            .Where(d => d.SendId == send.Id
                && (d.Status == MarketingDeliveryStatus.Pending || (d.Status == MarketingDeliveryStatus.Sending && d.ClaimedAt < staleBefore)))
            .OrderBy(d => d.PersonId).Take(o.BatchSize).ToListAsync(ct);
        if (batch.Count == 0)
        {
            // Done unless some deliveries are still in another run's hands (claimed recently): those are
            // resumed by a later sweep once stale.
            if (!await db.Set<MarketingDelivery>().AnyAsync(d => d.SendId == send.Id && d.Status == MarketingDeliveryStatus.Sending, ct))
                await db.Set<MarketingSend>().Where(s => s.Id == send.Id && s.Status == MarketingSendStatus.Running)
                    .ExecuteUpdateAsync(s => s.SetProperty(x => x.Status, MarketingSendStatus.Finished).SetProperty(x => x.FinishedAt, Now), ct);
            return false;
        }
        foreach (var delivery in batch)
        {
            if (QuietHours.EndsAfter(time.GetUtcNow(), o.QuietFrom, o.QuietUntil) is not null) return true; // the next round pauses the send
            if (!await DeliverAsync(send, channel, delivery, ct)) return false;
        }
        await db.Set<MarketingSend>().Where(s => s.Id == send.Id && s.LeaseOwner == owner)
            .ExecuteUpdateAsync(s => s.SetProperty(x => x.LeaseUntil, Now + Lease), ct);
        return true;
    }

    /// <returns>False when the provider asked to wait: the batch stops and the send pauses.</returns>
    private async Task<bool> DeliverAsync(MarketingSend send, IMarketingChannel channel, MarketingDelivery d, CancellationToken ct)
    {
        var (facts, recipient) = await gate.FactsAsync(d, send.Channel, Now, ct);
        var reason = MarketingGate.Decide(facts);
        DateTime claimedAt;
        if (d.Status == MarketingDeliveryStatus.Sending)
        {
            // Interrupted mid-call: only an idempotent channel may repeat, and only if the gate still agrees —
            // an opt-out since then wins. The cap slot is the one stamped with the first claim.
            claimedAt = d.ClaimedAt!.Value;
            if (!channel.Idempotent || reason is not null)
            {
                await CompleteAsync(d, MarketingDeliveryStatus.Sending,
                    reason is null ? new ChannelOutcome(MarketingDeliveryStatus.Unknown) : new ChannelOutcome(MarketingDeliveryStatus.Skipped, reason), ct);
                return true;
            }
            if (!await gate.HoldsCapAsync(d.PersonId, claimedAt, ct) && !await gate.TryTakeCapAsync(d.PersonId, claimedAt, ct))
            {
                await CompleteAsync(d, MarketingDeliveryStatus.Sending, new ChannelOutcome(MarketingDeliveryStatus.Skipped, SkipReasons.FrequencyCap), ct);
                return true;
            }
        }
        else
        {
            if (reason is not null)
            {
                await CompleteAsync(d, MarketingDeliveryStatus.Pending, new ChannelOutcome(MarketingDeliveryStatus.Skipped, reason), ct);
                return true;
            }
            claimedAt = WholeMilliseconds(Now);
            var claimed = await db.Set<MarketingDelivery>()
                .Where(x => x.SendId == d.SendId && x.PersonId == d.PersonId && x.Status == MarketingDeliveryStatus.Pending)
                .ExecuteUpdateAsync(s => s.SetProperty(x => x.Status, MarketingDeliveryStatus.Sending).SetProperty(x => x.ClaimedAt, claimedAt), ct);
            if (claimed == 0) return true;
            if (!await gate.TryTakeCapAsync(d.PersonId, claimedAt, ct))
            {
                await CompleteAsync(d, MarketingDeliveryStatus.Sending, new ChannelOutcome(MarketingDeliveryStatus.Skipped, SkipReasons.FrequencyCap), ct);
                return true;
            }
        }

        var outcome = recipient is null
            ? new ChannelOutcome(MarketingDeliveryStatus.Skipped, SkipReasons.Erased) // erased since the audience was drawn
            : await channel.SendAsync(send, recipient, ct);
        // Nothing went out: the slot is free again. An unknown one may have arrived, so it keeps its slot.
        if (outcome.Status is not (MarketingDeliveryStatus.Sent or MarketingDeliveryStatus.Unknown)) await gate.ReleaseCapAsync(d.PersonId, claimedAt, ct);
        if (outcome == ChannelOutcome.RetryLater)
        {
            await db.Set<MarketingDelivery>().Where(x => x.SendId == d.SendId && x.PersonId == d.PersonId && x.Status == MarketingDeliveryStatus.Sending)
                .ExecuteUpdateAsync(s => s.SetProperty(x => x.Status, MarketingDeliveryStatus.Pending).SetProperty(x => x.ClaimedAt, (DateTime?)null), ct);
            await db.Set<MarketingSend>().Where(s => s.Id == send.Id).ExecuteUpdateAsync(s => s.SetProperty(x => x.NotBefore, Now + ProviderBackoff), ct);
            logger.LogWarning("Marketing send {SendId} paused for {Backoff}: the provider asked to wait (quota or busy)", send.Id, ProviderBackoff);
            return false;
        }
        await CompleteAsync(d, MarketingDeliveryStatus.Sending, outcome, ct);
        return true;
    }

    private static DateTime WholeMilliseconds(DateTime t) => new(t.Ticks - t.Ticks % TimeSpan.TicksPerMillisecond, DateTimeKind.Utc);

    private Task CompleteAsync(MarketingDelivery d, string fromStatus, ChannelOutcome outcome, CancellationToken ct) =>
        db.Set<MarketingDelivery>().Where(x => x.SendId == d.SendId && x.PersonId == d.PersonId && x.Status == fromStatus)
            .ExecuteUpdateAsync(
                s => s.SetProperty(x => x.Status, outcome.Status).SetProperty(x => x.Reason, outcome.Reason).SetProperty(x => x.CompletedAt, Now),
                ct);

    private async Task<bool> TryLeaseAsync(long sendId, string owner, CancellationToken ct)
    {
        var now = Now;
        return await db.Set<MarketingSend>()
            .Where(s => s.Id == sendId
                && (s.Status == MarketingSendStatus.Scheduled || s.Status == MarketingSendStatus.Running || s.Status == MarketingSendStatus.Cancelled)
                        && s.ScheduledAt <= now && (s.NotBefore == null || s.NotBefore <= now) && (s.LeaseUntil == null || s.LeaseUntil < now))
            .ExecuteUpdateAsync(s => s.SetProperty(x => x.LeaseOwner, owner).SetProperty(x => x.LeaseUntil, now + Lease), ct) == 1;
    }

    private DateTime Now => time.GetUtcNow().UtcDateTime;
}

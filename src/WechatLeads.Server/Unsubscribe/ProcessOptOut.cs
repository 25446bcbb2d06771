using System.Diagnostics;
using System.Runtime.ExceptionServices;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using WechatLeads.Server.Consent;
using WechatLeads.Server.Data;
using WechatLeads.Server.Followers;
using WechatLeads.Server.Jobs;
using WechatLeads.Server.Messaging;
using WechatLeads.Server.Platform;
using WechatLeads.Server.Telemetry;
using WechatLeads.Server.WechatApi;
using WechatLeads.Wechat.Api;

namespace WechatLeads.Server.Unsubscribe;

/// <summary>
/// The follow-up of opt-outs, run by Hangfire from the outbox a chunk at a time: withdraw marketing consent
/// for every campaign, tell the marketing features to drop pending sends, and send exactly one
/// confirmation each. The database work is a handful of set-based statements per chunk, so a burst of
/// thousands of opt-outs drains quickly; only the confirmations are one WeChat call each. Every step
/// checks what is already done, so a retry or a second run changes nothing twice.
/// </summary>
internal sealed class ProcessOptOut(
    LeadsDbContext db, ConsentLedger ledger,
    [FromKeyedServices(WechatClientKeys.OfficialAccount)] WechatApiClient wechat, ServiceWindowGate window,
    ReplyTexts texts, PublicUrls urls, TimeProvider time, ILogger<ProcessOptOut> logger) : IOutboxBatchHandler
{
    public const string Kind = "optout.process";
    private static readonly TimeSpan ClaimLease = TimeSpan.FromMinutes(2);
    // Confirmations in flight per chunk: enough to hide WeChat's latency, few enough to leave the cores to the webhook.
    private const int ParallelSends = 4;
    // Sends a chunk may start, in time: half the outbox lease, so a slow WeChat never lets a lease lapse mid-chunk.
    private static readonly TimeSpan SendBudget = OutboxProcessor.Lease / 2;

    /// <summary>
    /// The opt-outs to follow up: one (<paramref name="OptOutId"/>, as rows written before batching carry) or a chunk;
    /// <paramref name="TraceParents"/>, when tracing, has each one's request span (same order) for its confirmation.
    /// </summary>
    public sealed record Payload(string? OptOutId = null, string[]? OptOutIds = null, string?[]? TraceParents = null)
    {
        public IEnumerable<string> All => OptOutIds ?? (OptOutId is null ? [] : [OptOutId]);

        public string? TraceParentOf(int index) => TraceParents is { } all && index < all.Length ? all[index] : null;
    }

    string IOutboxHandler.Kind => Kind;

    public async Task HandleAsync(string payload, CancellationToken cancellationToken)
    {
        var failed = await HandleManyAsync([new OutboxItem("", payload)], cancellationToken);
        if (failed.Count > 0) ExceptionDispatchInfo.Throw(failed.Values.First());
    }

    public async Task<IReadOnlyDictionary<string, Exception>> HandleManyAsync(IReadOnlyList<OutboxItem> items, CancellationToken cancellationToken)
    {
        var itemOf = new Dictionary<string, List<string>>(StringComparer.Ordinal); // opt-out id → outbox items naming it
        var traceOf = new Dictionary<string, string>(StringComparer.Ordinal); // opt-out id → the span of the request that asked
        foreach (var item in items)
        {
            var payload = JsonSerializer.Deserialize<Payload>(item.Payload)!;
            foreach (var (id, index) in payload.All.Select((id, index) => (id, index)))
            {
                if (!itemOf.TryGetValue(id, out var list)) itemOf[id] = list = [];
                list.Add(item.Id);
                if (payload.TraceParentOf(index) is { } traceParent) traceOf[id] = traceParent;
            }
        }
        var ids = itemOf.Keys.ToList();
        var optOuts = await db.Set<OptOut>().AsNoTracking().Where(o => ids.Contains(o.Id)).ToListAsync(cancellationToken);

        await WithdrawPerCampaignAsync(optOuts.Where(o => o.WithdrawalsAppliedAt is null).ToList(), cancellationToken);
        var failed = await ConfirmOnceAsync(optOuts, traceOf, cancellationToken);

        var failures = new Dictionary<string, Exception>(StringComparer.Ordinal);
        foreach (var (optOutId, error) in failed)
            foreach (var itemId in itemOf[optOutId]) failures.TryAdd(itemId, error); // an item fails if any of its opt-outs did
        return failures;
    }

    private async Task WithdrawPerCampaignAsync(List<OptOut> pending, CancellationToken cancellationToken)
    {
        if (pending.Count == 0) return;
        var granted = await ledger.GrantsInForceAsync(pending.Select(o => o.SubjectKey).Distinct().ToList(), ConsentPurposes.Marketing, cancellationToken);
        var written = new HashSet<(string, string)>(); // two opt-outs of one person in a chunk withdraw once
        foreach (var optOut in pending)
        {
            foreach (var (scope, grantedAt) in granted.GetValueOrDefault(optOut.SubjectKey) ?? [])
            {
                // A grant made after the opt-out (a new explicit consent before this job ran) is the person's newer
                // word: withdrawing it here would silently undo it.
                if (grantedAt > optOut.RequestedAt) continue;
                if (!written.Add((optOut.SubjectKey, scope))) continue;
                ConsentLedgerWrites.Record(db, [new ConsentEvent
                {
                    SubjectKey = optOut.SubjectKey,
                    OpenId = optOut.OpenId,
                    Purpose = ConsentPurposes.Marketing,
                    Action = ConsentActions.Withdrawn,
                    Scope = scope,
                    Channel = optOut.Channel,
                    OccurredAt = optOut.RequestedAt,
                }]);
            }
        }
        if (written.Count > 0) await db.SaveChangesAsync(cancellationToken);
        var pendingIds = pending.Select(o => o.Id).ToList();
        var applied = time.GetUtcNow().UtcDateTime;
        await db.Set<OptOut>().Where(o => pendingIds.Contains(o.Id))
            .ExecuteUpdateAsync(s => s.SetProperty(o => o.WithdrawalsAppliedAt, applied), cancellationToken);
    }

    /// <summary>Returns the opt-outs whose confirmation failed (and will be retried), with why.</summary>
    private async Task<Dictionary<string, Exception>> ConfirmOnceAsync(
        List<OptOut> optOuts, Dictionary<string, string> traceOf, CancellationToken cancellationToken)
    {
        var failures = new Dictionary<string, Exception>(StringComparer.Ordinal);
        var open = optOuts.Where(o => o.ConfirmationSentAt is null && o.ConfirmationSkipped is null).ToList();
        if (open.Count == 0) return failures;

        // A mini-program openid is not the Official Account's: no customer-service message can reach it (see the reason).
        await MarkSkippedAsync(open.Where(o => o.Channel == OptOutChannels.MiniProgram).Select(o => o.Id).ToList(), ConfirmationSkipReasons.NoMessageChannel);
        open = open.Where(o => o.Channel != OptOutChannels.MiniProgram).ToList();
        var openIds = open.Where(o => o.OpenId is not null).Select(o => o.OpenId!).Distinct().ToList();
        var following = (await db.Set<Follower>().AsNoTracking().Where(f => openIds.Contains(f.OpenId) && f.Subscribed)
            .Select(f => f.OpenId).ToListAsync(cancellationToken)).ToHashSet(StringComparer.Ordinal);
        // Nothing is ever sent to someone who left.
        await MarkSkippedAsync(
            open.Where(o => o.OpenId is null || !following.Contains(o.OpenId)).Select(o => o.Id).ToList(),
            ConfirmationSkipReasons.NotFollowing);

        var text = texts.OptOutConfirmation.Replace("{myData}", urls.Absolute(texts.MyDataPath), StringComparison.Ordinal);
        var started = time.GetTimestamp();
        var undeliverable = new Dictionary<string, int>(StringComparer.Ordinal); // WeChat's reason → count
        // A few at a time, each claimed just before its send and recorded just after: a run that dies holds at
        // most a round's claims, and what was sent is never sent again.
        foreach (var round in open.Where(o => o.OpenId is not null && following.Contains(o.OpenId)).Chunk(ParallelSends))
        {
            if (time.GetElapsedTime(started) > SendBudget)
            {
                // WeChat is slow today: stop well inside the outbox lease and let the retry take the rest.
                foreach (var optOut in round) failures[optOut.Id] = new FollowUpDeferredException();
                continue;
            }
            var claimed = (await ClaimAsync(round.Select(o => o.Id).ToList(), cancellationToken)).ToHashSet(StringComparer.Ordinal);
            await ExplainUnclaimedAsync(round.Where(o => !claimed.Contains(o.Id)).Select(o => o.Id).ToList(), failures, cancellationToken);
            // The window first: the click or TD that asked for the opt-out opened it. A person twice in the round
            // takes a message for each opt-out, the second one by itself.
            var inWindow = new HashSet<string>(StringComparer.Ordinal);
            var mine = round.Where(o => claimed.Contains(o.Id)).ToList();
            var once = mine.DistinctBy(o => o.OpenId, StringComparer.Ordinal).ToList();
            var takenBy = await window.TryTakeManyAsync(once.Select(o => o.OpenId!).ToList(), cancellationToken);
            inWindow.UnionWith(once.Where(o => takenBy.Contains(o.OpenId!)).Select(o => o.Id));
            foreach (var again in mine.Except(once))
                if (await window.TryTakeAsync(again.OpenId!, cancellationToken)) inWindow.Add(again.Id);
            var outcomes = await Task.WhenAll(round.Where(o => claimed.Contains(o.Id)).Select(o => inWindow.Contains(o.Id)
                ? SendAsync(o, text, traceOf.GetValueOrDefault(o.Id), cancellationToken)
                : Task.FromResult<(string, string?, Exception?)>((o.Id, ConfirmationSkipReasons.OutsideServiceWindow, null))));
            foreach (var (id, _, error) in outcomes) if (error is not null) failures[id] = error;
            await RecordAsync(outcomes); // even when stopping: a confirmation that went out is marked sent
            foreach (var (_, skipped, _) in outcomes)
                if (skipped is not null) undeliverable[skipped] = undeliverable.GetValueOrDefault(skipped) + 1;
            if (cancellationToken.IsCancellationRequested) break;
        }
        // One line per reason and run: a backlog answered 45015 is worth a warning, not one per round of sends.
        foreach (var (reason, count) in undeliverable)
            logger.LogWarning("{Count} opt-out confirmations not deliverable: WeChat {Reason}", count, reason);
        cancellationToken.ThrowIfCancellationRequested();
        return failures;
    }

    /// <summary>One confirmation: sent, skipped for a reason WeChat gives (it will never deliver it), or failed (retried).</summary>
    private async Task<(string Id, string? Skipped, Exception? Error)> SendAsync(
        OptOut optOut, string text, string? traceParent, CancellationToken cancellationToken)
    {
        // The last hop of the opt-out's trace: the click or TD, its commit, this job, WeChat's answer.
        using var span = ServerTelemetry.StartFrom("optout confirmation", ActivityKind.Internal, traceParent);
        span?.SetTag("wechatleads.optout.channel", optOut.Channel);
        try
        {
            await wechat.ExecuteCgibinMessageCustomSendAsync(CgibinMessageCustomSendRequest.Text(optOut.OpenId!, text), cancellationToken);
            return (optOut.Id, null, null);
        }
        catch (WechatApiException e) when (e.ErrorCode is WechatErrorCodes.ReplyWindowPassed
            or WechatErrorCodes.ReplyCountExceeded
            or WechatErrorCodes.InvalidOpenId)
        {
            // Window closed, count used up, openid unknown to the account: the opt-out stands, the message can't;
            // retrying would only hammer the API.
            return (optOut.Id, $"wechat_{e.ErrorCode}", null);
        }
        catch (Exception e)
        {
            return (optOut.Id, null, e); // cancelled too: the round is recorded before the run stops
        }
    }

    /// <summary>Claims the confirmation of each opt-out that nobody sent, skipped or is sending (a stale claim is a dead run's).</summary>
    private Task<List<string>> ClaimAsync(List<string> ids, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow().UtcDateTime;
        return IdListSql.QueryAsync(db,
            "UPDATE \"OptOuts\" SET \"ConfirmationClaimedAt\" = @now WHERE \"Id\" IN ({ids}) AND \"ConfirmationSentAt\" IS NULL " +
            "AND \"ConfirmationSkipped\" IS NULL AND (\"ConfirmationClaimedAt\" IS NULL OR \"ConfirmationClaimedAt\" < @stale) RETURNING \"Id\"",
            ids, [("@now", now), ("@stale", now - ClaimLease)], r => r.GetString(0), cancellationToken);
    }

    /// <summary>
    /// A confirmation not claimed is finished (nothing to do) or held by another run. If that run dies
    /// mid-send (a killed instance) its claim goes stale after the lease; failing here makes Hangfire retry
    /// until then, so the confirmation is never lost.
    /// </summary>
    private async Task ExplainUnclaimedAsync(List<string> ids, Dictionary<string, Exception> failures, CancellationToken cancellationToken)
    {
        if (ids.Count == 0) return;
        var held = await db.Set<OptOut>().AsNoTracking()
            .Where(o => ids.Contains(o.Id) && o.ConfirmationSentAt == null && o.ConfirmationSkipped == null)
            .Select(o => o.Id).ToListAsync(cancellationToken);
        foreach (var id in held) failures[id] = new ConfirmationInProgressException(id);
    }

    private async Task RecordAsync((string Id, string? Skipped, Exception? Error)[] outcomes)
    {
        var sent = outcomes.Where(o => o.Skipped is null && o.Error is null).Select(o => o.Id).ToList();
        if (sent.Count > 0)
        {
            var at = time.GetUtcNow().UtcDateTime;
            await db.Set<OptOut>().Where(o => sent.Contains(o.Id))
                .ExecuteUpdateAsync(s => s.SetProperty(o => o.ConfirmationSentAt, at), CancellationToken.None);
        }
        foreach (var reason in outcomes.Where(o => o.Skipped is not null).GroupBy(o => o.Skipped!))
            await MarkSkippedAsync(reason.Select(o => o.Id).ToList(), reason.Key);
        var released = outcomes.Where(o => o.Error is not null).Select(o => o.Id).ToList();
        if (released.Count > 0) // failed sends: let the retry claim them again at once
            await db.Set<OptOut>().Where(o => released.Contains(o.Id))
                .ExecuteUpdateAsync(s => s.SetProperty(o => o.ConfirmationClaimedAt, (DateTime?)null), CancellationToken.None);
    }

    private async Task MarkSkippedAsync(List<string> ids, string reason)
    {
        if (ids.Count == 0) return;
        await db.Set<OptOut>().Where(o => ids.Contains(o.Id) && o.ConfirmationSentAt == null)
            .ExecuteUpdateAsync(s => s.SetProperty(o => o.ConfirmationSkipped, reason), CancellationToken.None);
    }
}

/// <summary>The chunk ran out of time before this confirmation; the job's retry sends it.</summary>
internal sealed class FollowUpDeferredException() : Exception("Confirmation left for the retry: the chunk used its time.");

/// <summary>Another run is sending this confirmation; the job is retried until that run finishes or its claim goes stale.</summary>
internal sealed class ConfirmationInProgressException(string optOutId)
    : Exception($"The confirmation of opt-out {optOutId} is being sent by another run.");

internal sealed class OptOutEraser(LeadsDbContext db) : IPersonalDataEraser
{
    public Task EraseAsync(string openId, string subjectKey, DateTime asOf, CancellationToken cancellationToken) =>
        db.Set<OptOut>().Where(o => o.SubjectKey == subjectKey)
            .ExecuteUpdateAsync(s => s.SetProperty(o => o.OpenId, (string?)null), cancellationToken);
}

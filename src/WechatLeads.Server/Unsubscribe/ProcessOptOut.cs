using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using WechatLeads.Server.Consent;
using WechatLeads.Server.Data;
using WechatLeads.Server.Followers;
using WechatLeads.Server.Jobs;
using WechatLeads.Server.Messaging;
using WechatLeads.Server.Platform;
using WechatLeads.Server.WechatApi;
using WechatLeads.Wechat.Api;

namespace WechatLeads.Server.Unsubscribe;

/// <summary>
/// The follow-up of one opt-out, run by Hangfire from the outbox: withdraw marketing consent for every
/// campaign, tell the marketing features to drop pending sends, and send exactly one confirmation.
/// Every step checks what is already done, so a retry or a second run changes nothing twice.
/// </summary>
internal sealed class ProcessOptOut(
    LeadsDbContext db, ConsentLedger ledger, IEnumerable<IOptOutListener> listeners,
    [FromKeyedServices(WechatClientKeys.OfficialAccount)] WechatApiClient wechat,
    ReplyTexts texts, PublicUrls urls, TimeProvider time, ILogger<ProcessOptOut> logger) : IOutboxHandler
{
    public const string Kind = "optout.process";
    private static readonly TimeSpan ClaimLease = TimeSpan.FromMinutes(2);
    private const int InvalidOpenId = 40003;

    public sealed record Payload(string OptOutId);

    string IOutboxHandler.Kind => Kind;

    public async Task HandleAsync(string payload, CancellationToken cancellationToken)
    {
        var id = JsonSerializer.Deserialize<Payload>(payload)!.OptOutId;
        var optOut = await db.Set<OptOut>().AsNoTracking().SingleOrDefaultAsync(o => o.Id == id, cancellationToken);
        if (optOut is null) return;

        if (optOut.WithdrawalsAppliedAt is null)
        {
            await WithdrawPerCampaignAsync(optOut, cancellationToken);
            foreach (var listener in listeners) await listener.OnOptedOutAsync(optOut.SubjectKey, optOut.OpenId, optOut.RequestedAt, cancellationToken);
            await db.Set<OptOut>().Where(o => o.Id == id)
                .ExecuteUpdateAsync(s => s.SetProperty(o => o.WithdrawalsAppliedAt, time.GetUtcNow().UtcDateTime), cancellationToken);
        }

        await ConfirmOnceAsync(optOut, cancellationToken);
    }

    private async Task WithdrawPerCampaignAsync(OptOut optOut, CancellationToken cancellationToken)
    {
        var scopes = await ledger.GrantedScopesAsync(optOut.SubjectKey, ConsentPurposes.Marketing, cancellationToken);
        foreach (var scope in scopes)
        {
            db.Add(new ConsentEvent
            {
                SubjectKey = optOut.SubjectKey, OpenId = optOut.OpenId, Purpose = ConsentPurposes.Marketing,
                Action = ConsentActions.Withdrawn, Scope = scope, Channel = optOut.Channel, OccurredAt = optOut.RequestedAt,
            });
        }
        if (scopes.Count > 0) await db.SaveChangesAsync(cancellationToken);
    }

    private async Task ConfirmOnceAsync(OptOut optOut, CancellationToken cancellationToken)
    {
        var following = optOut.OpenId is not null && await db.Set<Follower>()
            .AnyAsync(f => f.OpenId == optOut.OpenId && f.Subscribed, cancellationToken);
        if (!following)
        {
            await MarkSkippedAsync(optOut.Id, "not_following"); // nothing is ever sent to someone who left
            return;
        }

        var now = time.GetUtcNow().UtcDateTime;
        var staleClaim = now - ClaimLease;
        var claimed = await db.Set<OptOut>()
            .Where(o => o.Id == optOut.Id && o.ConfirmationSentAt == null && o.ConfirmationSkipped == null
                        && (o.ConfirmationClaimedAt == null || o.ConfirmationClaimedAt < staleClaim))
            .ExecuteUpdateAsync(s => s.SetProperty(o => o.ConfirmationClaimedAt, now), cancellationToken);
        if (claimed == 0)
        {
            var state = await db.Set<OptOut>().AsNoTracking().Where(o => o.Id == optOut.Id)
                .Select(o => new { o.ConfirmationSentAt, o.ConfirmationSkipped }).SingleAsync(cancellationToken);
            if (state.ConfirmationSentAt is not null || state.ConfirmationSkipped is not null) return;
            // Another run holds the claim. If it dies mid-send (a killed instance) its claim goes stale after
            // the lease; failing here makes Hangfire retry until then, so the confirmation is never lost.
            throw new ConfirmationInProgressException(optOut.Id);
        }

        try
        {
            var text = texts.OptOutConfirmation.Replace("{myData}", urls.Absolute(texts.MyDataPath), StringComparison.Ordinal);
            await wechat.ExecuteCgibinMessageCustomSendAsync(CgibinMessageCustomSendRequest.Text(optOut.OpenId!, text), cancellationToken);
        }
        catch (WechatApiException e) when (e.ErrorCode is WechatErrorCodes.ReplyWindowPassed or WechatErrorCodes.ReplyCountExceeded or InvalidOpenId)
        {
            // WeChat will never deliver it (window closed, count used up, openid unknown to the account): the
            // opt-out stands, the message can't; retrying would only hammer the API.
            logger.LogWarning("Opt-out confirmation not deliverable: WeChat errcode {Code}", e.ErrorCode);
            await MarkSkippedAsync(optOut.Id, $"wechat_{e.ErrorCode}");
            return;
        }
        catch
        {
            await db.Set<OptOut>().Where(o => o.Id == optOut.Id)
                .ExecuteUpdateAsync(s => s.SetProperty(o => o.ConfirmationClaimedAt, (DateTime?)null), CancellationToken.None);
            throw;
        }

        await db.Set<OptOut>().Where(o => o.Id == optOut.Id)
            .ExecuteUpdateAsync(s => s.SetProperty(o => o.ConfirmationSentAt, time.GetUtcNow().UtcDateTime), CancellationToken.None);
    }

    private Task<int> MarkSkippedAsync(string id, string reason) =>
        db.Set<OptOut>().Where(o => o.Id == id && o.ConfirmationSentAt == null)
            .ExecuteUpdateAsync(s => s.SetProperty(o => o.ConfirmationSkipped, reason), CancellationToken.None);
}

/// <summary>Another run is sending this confirmation; the job is retried until that run finishes or its claim goes stale.</summary>
internal sealed class ConfirmationInProgressException(string optOutId)
    : Exception($"The confirmation of opt-out {optOutId} is being sent by another run.");

/// <summary>
/// Features that hold pending marketing work for a person (scheduled sends) cancel it here. The opt-out
/// flag already stops every send at its gate; this drops the work itself.
/// </summary>
public interface IOptOutListener
{
    Task OnOptedOutAsync(string subjectKey, string? openId, DateTime optedOutAt, CancellationToken cancellationToken);
}

internal sealed class OptOutEraser(LeadsDbContext db) : IPersonalDataEraser
{
    public Task EraseAsync(string openId, string subjectKey, DateTime asOf, CancellationToken cancellationToken) =>
        db.Set<OptOut>().Where(o => o.SubjectKey == subjectKey)
            .ExecuteUpdateAsync(s => s.SetProperty(o => o.OpenId, (string?)null), cancellationToken);
}

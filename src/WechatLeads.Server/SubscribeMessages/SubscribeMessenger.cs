using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using WechatLeads.Server.Data;
using WechatLeads.Server.Jobs;
using WechatLeads.Server.WechatApi;
using WechatLeads.Wechat.Api;

namespace WechatLeads.Server.SubscribeMessages;

/// <summary>
/// Sends one transactional notice by subscribe message, at most once per (purpose, reference):
/// <list type="number">
/// <item>claims the notice (a unique row), so a repeated job or a second instance does nothing;</item>
/// <item>checks the values against WeChat's keyword limits (a precise refusal instead of 47003);</item>
/// <item>spends one accepted grant with a conditional update (two sends can never spend the same one);</item>
/// <item>calls WeChat. 43101 means WeChat holds no subscription: the grant stays spent and the notice is skipped,
/// never retried. Another refusal gives the grant back (WeChat did not use it). A transport failure keeps it
/// spent and the notice is not repeated: a second copy would be worse than a lost reminder.</item>
/// </list>
/// </summary>
internal sealed class SubscribeMessenger(
    LeadsDbContext db, [FromKeyedServices(WechatClientKeys.MiniProgram)] WechatApiClient miniProgram, IOptionsMonitor<SubscribeMessageOptions> options,
    TimeProvider time, ILogger<SubscribeMessenger> logger)
{
    /// <summary>A claim older than this with no grant spent was abandoned by a crash; it may be taken again.</summary>
    private static readonly TimeSpan AbandonedClaim = TimeSpan.FromMinutes(2);

    public async Task<string> SendAsync(string purpose, string reference, string subjectKey, IReadOnlyDictionary<string, string> values, CancellationToken ct)
    {
        var now = time.GetUtcNow().UtcDateTime;
        var template = options.CurrentValue.Templates.GetValueOrDefault(purpose);
        var send = await ClaimAsync(purpose, reference, subjectKey, template?.TemplateId, now, ct);
        if (send is null) return "already_handled";
        if (template?.TemplateId is null) return await FinishAsync(send, SubscribeSendStatuses.NotConfigured, ct);

        var data = template.DataFor(values);
        if (data.Select(d => SubscribeKeywordRules.Problem(d.Key, d.Value.Value)).OfType<string>().FirstOrDefault() is { } problem)
        {
            logger.LogWarning("Subscribe notice {Purpose} not sent: {Problem}", purpose, problem);
            return await FinishAsync(send, SubscribeSendStatuses.Refused, ct, detail: problem);
        }

        var grant = await SpendGrantAsync(subjectKey, template.TemplateId, purpose, now, ct);
        if (grant is null) return await FinishAsync(send, SubscribeSendStatuses.NoGrant, ct);
        send.GrantId = grant.Id;
        await db.SaveChangesAsync(ct);

        try
        {
            var answer = await miniProgram.ExecuteCgibinMessageSubscribeSendAsync(new CgibinMessageSubscribeSendRequest
            {
                ToUserOpenId = grant.OpenId,
                TemplateId = template.TemplateId,
                Page = string.IsNullOrWhiteSpace(template.Page) ? null : template.Page,
                Data = data,
                MiniProgramState = options.CurrentValue.MiniProgramState,
                Language = "zh_CN",
            }, ct);
            send.WechatMessageId = answer.MessageId;
            return await FinishAsync(send, SubscribeSendStatuses.Sent, ct);
        }
        catch (WechatApiException e) when (e.ErrorCode == WechatErrorCodes.SubscriptionMissing)
        {
            await db.Set<SubscriptionGrant>().Where(g => g.Id == grant.Id).ExecuteUpdateAsync(s => s.SetProperty(g => g.SpentFor, "no_grant"), ct);
            return await FinishAsync(send, SubscribeSendStatuses.NoGrant, ct, e.ErrorCode);
        }
        catch (WechatApiException e) when (e.ErrorCode is not (WechatErrorCodes.Transport or WechatErrorCodes.SystemBusy))
        {
            await db.Set<SubscriptionGrant>().Where(g => g.Id == grant.Id)
                .ExecuteUpdateAsync(s => s.SetProperty(g => g.SpentAt, (DateTime?)null).SetProperty(g => g.SpentFor, (string?)null), ct);
            logger.LogWarning("Subscribe notice {Purpose} refused by WeChat: errcode {ErrorCode}", purpose, e.ErrorCode);
            return await FinishAsync(send, SubscribeSendStatuses.Refused, ct, e.ErrorCode);
        }
        catch (Exception e) when (e is WechatApiException or HttpRequestException or Flurl.Http.FlurlHttpException or TaskCanceledException
            && !ct.IsCancellationRequested)
        {
            // Unreachable, busy or timed out: WeChat may have sent it. Not repeated — a second copy is worse than a lost reminder.
            logger.LogWarning("Subscribe notice {Purpose}: WeChat did not answer ({Error}); not repeated", purpose, e.GetType().Name);
            return await FinishAsync(send, SubscribeSendStatuses.Failed, ct);
        }
    }

    /// <summary>The notice's row, new or abandoned by a crash before it spent a grant; null when it is someone else's or done.</summary>
    private async Task<SubscribeSend?> ClaimAsync(string purpose, string reference, string subjectKey, string? templateId, DateTime now, CancellationToken ct)
    {
        var id = Ids.New();
        var inserted = await db.Database.ExecuteSqlAsync($"""
            INSERT INTO "SubscribeSends" ("Id", "Purpose", "Reference", "SubjectKey", "TemplateId", "Status", "CreatedAt")
            VALUES ({id}, {purpose}, {reference}, {subjectKey}, {templateId}, {SubscribeSendStatuses.Claimed}, {now})
            ON CONFLICT ("Purpose", "Reference") DO NOTHING
            """, ct);
        if (inserted == 0)
        {
            var stale = now - AbandonedClaim;
            var retaken = await db.Set<SubscribeSend>()
                .Where(s => s.Purpose == purpose
                    && s.Reference == reference
                    && s.Status == SubscribeSendStatuses.Claimed
                    && s.GrantId == null
                    && s.CreatedAt < stale)
                .ExecuteUpdateAsync(s => s.SetProperty(x => x.CreatedAt, now), ct);
            if (retaken == 0) return null;
            return await db.Set<SubscribeSend>().SingleAsync(s => s.Purpose == purpose && s.Reference == reference, ct);
        }
        return await db.Set<SubscribeSend>().SingleAsync(s => s.Id == id, ct);
    }

    /// <summary>The oldest open accept of this person for this template, spent by a conditional update; null when none is left.</summary>
    private async Task<SubscriptionGrant?> SpendGrantAsync(string subjectKey, string templateId, string purpose, DateTime now, CancellationToken ct)
    {
        for (var attempt = 0; attempt < 5; attempt++)
        {
            var candidate = await db.Set<SubscriptionGrant>().AsNoTracking()
                .Where(g => g.SubjectKey == subjectKey && g.TemplateId == templateId && g.Status == SubscriptionStatuses.Accept && g.SpentAt == null)
                .OrderBy(g => g.CreatedAt).ThenBy(g => g.Id).FirstOrDefaultAsync(ct);
            if (candidate is null) return null;
            var spent = await db.Set<SubscriptionGrant>().Where(g => g.Id == candidate.Id && g.SpentAt == null)
                .ExecuteUpdateAsync(s => s.SetProperty(g => g.SpentAt, now).SetProperty(g => g.SpentFor, purpose), ct);
            if (spent == 1) return candidate; // else a parallel send took it: try the next
        }
        return null;
    }

    private async Task<string> FinishAsync(SubscribeSend send, string status, CancellationToken ct, int? errorCode = null, string? detail = null)
    {
        send.Status = status;
        send.ErrorCode = errorCode;
        if (detail is not null) send.DeliveryStatus = detail.Length > 64 ? detail[..64] : detail;
        await db.SaveChangesAsync(ct);
        return status;
    }
}

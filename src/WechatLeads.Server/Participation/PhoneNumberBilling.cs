using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Caching.Memory;
using WechatLeads.Server.Campaigns;
using WechatLeads.Server.Data;
using WechatLeads.Server.Platform.Identity;
using WechatLeads.Server.Platform.Web;
using WechatLeads.Server.WechatApi;
using WechatLeads.Wechat.Api;

namespace WechatLeads.Server.Participation;

/// <summary>
/// The mini-program getPhoneNumber code, exchanged under the campaign's daily budget. WeChat bills each success of
/// 手机号快速验证 / 手机号实时验证; this counts them per campaign, China day and component, and once the day's budget
/// is spent — or WeChat says the account's quota is gone (1400001) — answers "verify by SMS" instead of spending more.
/// Reserve, call, settle: the place is taken in the database before WeChat is called (a burst on any number of
/// instances cannot overspend) and given back when WeChat refuses the code (only successes are billed). A crash
/// between the two leaves a place taken: the budget errs on the side of spending less, never more.
/// </summary>
internal sealed class PhoneNumberBilling(
    [FromKeyedServices(WechatClientKeys.MiniProgram)] WechatApiClient miniProgram, DurableWriteQueue writes, PhoneVerificationModes modes,
    ILogger<PhoneNumberBilling> logger)
{
    /// <summary>The client's fallback answer: not an error, the same participation continues with an SMS code.</summary>
    public static readonly ApiProblem SmsRequired =
        new(409, ProblemCodes.SmsVerificationRequired, "微信手机号快速验证今日已暂停，请改用短信验证码验证手机号。");

    public static readonly ApiProblem WechatUnavailable =
        new(503, ProblemCodes.WechatPhoneUnavailable, "微信暂时无法验证手机号，请稍后再试，或改用短信验证码。");

    public static readonly ApiProblem ComponentInvalid =
        new(422, ProblemCodes.PhoneComponentInvalid, "phoneComponent must be quick (手机号快速验证) or realtime (手机号实时验证), or left out.");

    /// <summary>
    /// Exchanges <see cref="ParticipationInput.PhoneCode"/> for the person's number, or throws the refusal to answer.
    /// A client that reports WeChat's 1400001 instead of a code gets the SMS answer too.
    /// </summary>
    /// <returns>The number, and its settlement: queued, not yet committed (see <see cref="PhoneExchange.Settled"/>).</returns>
    public async Task<PhoneExchange> ExchangeAsync(Campaign campaign, Participant who, ParticipationInput input, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(input.PhoneCode))
        {
            // The button itself failed with 1400001: WeChat issued no code and billed nothing. Trusted for this answer only,
            // not to switch the campaign: any signed-in user could send it, and the switch moves everyone to SMS.
            throw new ApiProblemException(input.PhoneErrno == WechatErrorCodes.PhoneNumberQuotaExhausted ? SmsRequired : ParticipationProblem.PhoneRequired);
        }
        var settlement = input.PhoneComponent switch
        {
            null => PhoneNumberSettlement.Unknown,
            PhoneComponents.Quick => PhoneNumberSettlement.Quick,
            PhoneComponents.Realtime => PhoneNumberSettlement.Realtime,
            _ => throw new ApiProblemException(ComponentInvalid),
        };

        // Budget 0 or a day already known to be spent: no database write and, above all, no WeChat call.
        var day = modes.Today();
        if (campaign.PhoneNumberDailyBudget == 0 || modes.KnownSpent(campaign.Id, day)) throw new ApiProblemException(SmsRequired);
        var budget = campaign.PhoneNumberDailyBudget ?? int.MaxValue;
        var reservation = new ReservePhoneNumber(campaign.Id, day, budget);
        await writes.SubmitAsync(null, [reservation], cancellationToken);
        if (reservation.Reserved is not { } reserved)
        {
            modes.Spent(campaign.Id, day);
            throw new ApiProblemException(SmsRequired);
        }
        if (reserved >= budget) modes.Spent(campaign.Id, day); // this was the last place: the next caller need not ask the database

        var outcome = PhoneNumberSettlement.Released;
        Task settled;
        PhoneInfo info;
        try
        {
            // Only a mini-program session's openid belongs to the mini-program that issued the code; an H5 (Official
            // Account) openid would make WeChat refuse a good code.
            var openId = who.Channel == CampaignChannels.MiniProgram ? who.OpenId : null;
            var response = await miniProgram.ExecuteWxaBusinessGetUserPhoneNumberAsync(input.PhoneCode, openId, cancellationToken);
            outcome = settlement;
            info = response.PhoneInfo ?? throw new ApiProblemException(ParticipationProblem.InvalidPhone);
        }
        catch (WechatApiException e) when (e.ErrorCode == WechatErrorCodes.PhoneNumberQuotaExhausted)
        {
            outcome = PhoneNumberSettlement.QuotaExhausted;
            modes.Spent(campaign.Id, day);
            logger.LogWarning(
                "WeChat answered 1400001 (phone-number quota used up) for campaign {Campaign}; SMS verification for the rest of the day",
                campaign.Slug);
            throw new ApiProblemException(SmsRequired);
        }
        catch (WechatApiException e) when (e.ErrorCode is WechatErrorCodes.InvalidCode or WechatErrorCodes.CodeBeenUsed or 40001 or 47001)
        {
            // 40029 also covers a code of another user (WeChat checks the openid binding; its documented code list has no other).
            throw new ApiProblemException(ParticipationProblem.PhoneCodeInvalid);
        }
        catch (WechatApiException e)
        {
            // WeChat couldn't answer (busy, its own quotas, the network): the person's code may still be good, so this is
            // "try again" — never a 500, and the reserved place goes back.
            logger.LogWarning("getuserphonenumber failed with errcode {ErrorCode} ({ErrorMessage})", e.ErrorCode, e.ErrorMessage);
            throw new ApiProblemException(WechatUnavailable);
        }
        finally
        {
            // Settled even when the caller gave up: the place must come back (or the success be counted) regardless. A
            // refusal waits for it (the person may try again at once); a success's settlement commits beside the
            // participation's own write, whose caller awaits both, instead of costing a commit before it.
            settled = writes.SubmitAsync(null, [new SettlePhoneNumber(campaign.Id, day, outcome)], CancellationToken.None);
            if (outcome is PhoneNumberSettlement.Released or PhoneNumberSettlement.QuotaExhausted) await settled;
        }
        return new PhoneExchange(info, settled);
    }
}

/// <param name="Settled">
/// The settlement of a billed success, queued in the group-commit writer: the participation's answer waits for it. If
/// it fails, the place stays reserved — the budget errs on the side of spending less.
/// </param>
internal sealed record PhoneExchange(PhoneInfo Info, Task Settled);

internal static class PhoneComponents
{
    /// <summary>手机号快速验证组件 (button open-type="getPhoneNumber"), ¥0.03 per success.</summary>
    public const string Quick = "quick";
    /// <summary>手机号实时验证组件 (open-type="getRealtimePhoneNumber"), ¥0.04 per success.</summary>
    public const string Realtime = "realtime";
}

/// <summary>
/// Today's way of verifying phone numbers for a campaign, as <c>GET /api/campaigns/{slug}</c> tells the page:
/// <c>wechat</c> (the getPhoneNumber button) or <c>sms</c> (budget spent, budget 0, or WeChat's quota gone). Cached a
/// few seconds like the campaign itself, so a rush of page loads does not read the counter row each time.
/// </summary>
internal sealed class PhoneVerificationModes(IServiceScopeFactory scopes, IMemoryCache cache, TimeProvider time)
{
    public const string WeChat = "wechat";
    public const string Sms = "sms";
    private static readonly TimeSpan Ttl = TimeSpan.FromSeconds(5);

    /// <summary>The budget's day: China's calendar day (UTC+8), yyyymmdd, the same as the draw limits'.</summary>
    public int Today() => ParticipationWrite.ChinaDay(time.GetUtcNow().UtcDateTime);

    public async Task<string> ModeAsync(Campaign campaign, CancellationToken cancellationToken)
    {
        if (campaign.PhoneNumberDailyBudget == 0) return Sms;
        var day = Today();
        if (cache.TryGetValue(Key(campaign.Id, day), out string? known) && known is not null) return known;
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<LeadsDbContext>();
        var usage = await db.Set<PhoneNumberUsage>().AsNoTracking().SingleOrDefaultAsync(u => u.CampaignId == campaign.Id && u.Day == day, cancellationToken);
        var mode = usage is not null && (usage.QuotaExhausted || usage.Reserved >= (campaign.PhoneNumberDailyBudget ?? int.MaxValue)) ? Sms : WeChat;
        cache.Set(Key(campaign.Id, day), mode, Ttl);
        return mode;
    }

    public bool KnownSpent(long campaignId, int day) => cache.TryGetValue(Key(campaignId, day), out string? mode) && mode == Sms;

    public void Spent(long campaignId, int day) => cache.Set(Key(campaignId, day), Sms, Ttl);

    /// <summary>After the operator changes the budget: this instance shows the new mode at once.</summary>
    public void Forget(long campaignId) => cache.Remove(Key(campaignId, Today()));

    private static string Key(long campaignId, int day) => $"phone-mode:{campaignId}:{day}";
}

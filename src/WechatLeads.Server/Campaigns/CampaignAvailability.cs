using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Caching.Memory;
using WechatLeads.Server.Data;
using WechatLeads.Server.Platform;

namespace WechatLeads.Server.Campaigns;

/// <summary>
/// Whether a follower can take part right now, and if not, why — said on the landing page before anything is
/// typed: 未开始 (with the start time), 已暂停, 已结束 (with the last included minute) or 已领完.
/// </summary>
public sealed record CampaignAvailability(string State, string Title, string Text)
{
    public bool IsOpen => State == Open.State;

    public static readonly CampaignAvailability Open = new("open", "", "");

    public static CampaignAvailability NotStarted(DateTime startsAtUtc) =>
        new("not_started", "活动未开始", $"活动将于 {ChinaTime.Format(startsAtUtc)}（北京时间）开始，届时欢迎参与。");

    public static readonly CampaignAvailability NotPublished = new("not_started", "活动未开始", "活动尚未发布，请稍后再来。");

    public static readonly CampaignAvailability Paused = new("paused", "活动已暂停", "主办方暂停了本活动，恢复后即可参与。");

    public static CampaignAvailability Ended(DateTime endsAtUtc) =>
        new("ended", "活动已结束", $"本活动已于 {ChinaTime.LastMinute(endsAtUtc)}（北京时间）结束，感谢关注。");

    /// <summary>Ended by the organiser before its end date.</summary>
    public static readonly CampaignAvailability EndedEarly = new("ended", "活动已结束", "本活动已结束，感谢关注。");

    public static readonly CampaignAvailability CouponsGone = new("sold_out", "优惠券已领完", "本活动的优惠券已全部领完，感谢关注。");

    public static readonly CampaignAvailability PrizesGone = new("sold_out", "奖品已抽完", "本活动的奖品已全部抽完，感谢关注。");

    /// <summary>From status and dates alone (no stock): what the participation path checks first.</summary>
    internal static CampaignAvailability ByCalendar(Campaign campaign, DateTime nowUtc) => campaign.Status switch
    {
        CampaignStatus.Draft => NotPublished,
        CampaignStatus.Paused => Paused,
        CampaignStatus.Ended => nowUtc >= campaign.EndsAt ? Ended(campaign.EndsAt) : EndedEarly,
        _ when nowUtc < campaign.StartsAt => NotStarted(campaign.StartsAt),
        _ when nowUtc >= campaign.EndsAt => Ended(campaign.EndsAt),
        _ => Open,
    };
}

/// <summary>Adds stock to the calendar: a coupon pool with no free code, or a draw whose every prize is gone.</summary>
internal sealed class CampaignAvailabilityCheck(LeadsDbContext db, IMemoryCache cache, TimeProvider time)
{
    // Landing pages are the busiest anonymous pages: the free-code probe is shared for a few seconds.
    private static readonly TimeSpan StockTtl = TimeSpan.FromSeconds(5);

    public async Task<CampaignAvailability> OfAsync(Campaign campaign, CancellationToken ct)
    {
        var calendar = CampaignAvailability.ByCalendar(campaign, time.GetUtcNow().UtcDateTime);
        if (!calendar.IsOpen) return calendar;
        if (campaign.Type == CampaignTypes.LuckyDraw)
            return campaign.Prizes.Count > 0 && campaign.Prizes.All(p => p.Remaining <= 0) ? CampaignAvailability.PrizesGone : calendar;
        if (campaign.CouponPoolId is not { } pool) return CampaignAvailability.CouponsGone;
        var hasCode = await cache.GetOrCreateAsync($"free-code:{pool}", async item =>
        {
            item.AbsoluteExpirationRelativeToNow = StockTtl;
            return await db.Set<CouponCode>().AnyAsync(c => c.PoolId == pool && c.ParticipationId == null, ct);
        });
        return hasCode ? calendar : CampaignAvailability.CouponsGone;
    }
}

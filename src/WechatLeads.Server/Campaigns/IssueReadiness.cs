using Microsoft.EntityFrameworkCore;
using WechatLeads.Server.Data;
using WechatLeads.Server.Platform;

namespace WechatLeads.Server.Campaigns;

/// <summary>
/// Before a campaign goes live: can every prize it promises actually be issued? A coupon pool with no free code, a
/// prize with nothing left or fewer codes than its stock, a validity that has already ended — each is named, in the
/// words the marketing team reads, so nobody starts a promotion that can only say 已领完.
/// </summary>
internal sealed class IssueReadiness(LeadsDbContext db, TimeProvider time)
{
    public async Task<IReadOnlyList<string>> ProblemsAsync(Campaign campaign, CancellationToken ct)
    {
        var now = time.GetUtcNow().UtcDateTime;
        var problems = new List<string>();
        if (campaign.Type == CampaignTypes.Coupon)
        {
            var free = await FreeCodesAsync(campaign.CouponPoolId, ct);
            if (free == 0) problems.Add("券码池里没有可发的券码：请先导入或生成券码。");
            if (Expired(campaign.CouponValidUntil, now) is { } until) problems.Add($"优惠券有效期已于 {until} 结束：请修改有效期。");
            return problems;
        }
        if (campaign.Prizes.Count == 0) problems.Add("抽奖活动还没有奖品：请先添加奖品。");
        else if (campaign.Prizes.All(p => p.Remaining <= 0)) problems.Add("所有奖品都已抽完：请增加库存。");
        foreach (var prize in campaign.Prizes.OrderBy(p => p.Position))
        {
            // Won out while it ran is not a gap; never stocked is.
            if (prize.Inventory <= 0) problems.Add($"奖品「{prize.Name}」库存为 0：请增加库存或删除该奖品。");
            if (prize.Remaining <= 0) continue;
            if (prize.Kind != PrizeKinds.Coupon) continue;
            var free = await FreeCodesAsync(prize.CouponPoolId, ct);
            if (free < prize.Remaining)
                problems.Add($"奖品「{prize.Name}」库存 {prize.Remaining} 份，可发券码只有 {free} 个：请导入或生成券码。");
            if (Expired(prize.ValidUntil, now) is { } until) problems.Add($"奖品「{prize.Name}」的优惠券有效期已于 {until} 结束：请修改有效期。");
        }
        return problems;
    }

    private async Task<int> FreeCodesAsync(long? pool, CancellationToken ct) => pool is { } id
        ? await db.Set<CouponCode>().CountAsync(c => c.PoolId == id && c.ParticipationId == null, ct)
        : 0;

    private static string? Expired(DateTime? validUntil, DateTime now) =>
        validUntil is { } until && until <= now ? ChinaTime.LastMinute(until) + "（北京时间）" : null;
}

using WechatLeads.Server.Campaigns;
using WechatLeads.Server.Leads;

namespace WechatLeads.Server.H5;

/// <summary>
/// The result of one participation as its page shows it. <see cref="ClaimLink"/>: a physical prize with a fulfilment,
/// whose winner is sent to give an address (or choose a store).
/// </summary>
public sealed record ResultView(string Slug, string ParticipationId, string Title, string Text, string? ClaimLink, string? Code, string? Validity)
{
    internal static ResultView From(string slug, ParticipationRecord p, bool physical = false)
    {
        var validity = p.CouponExpiresAt is { } expires ? CouponTerms.Describe(expires, DateTime.UtcNow) + "（北京时间）" : null;
        return p.Outcome switch
        {
            ParticipationOutcomes.Prize when physical => new(slug, p.Id, $"恭喜！您抽中了「{p.PrizeName}」", "请在领取期限内填写收货地址，或选择到店领取。",
                $"/h5/me/prizes/{Uri.EscapeDataString(p.Id)}", null, null),
            ParticipationOutcomes.Coupon => new(slug, p.Id, "领取成功", "您的优惠券券码：", null, p.CouponCode, validity),
            ParticipationOutcomes.Prize => new(slug, p.Id, $"恭喜！您抽中了「{p.PrizeName}」",
                p.CouponCode is null ? "工作人员将通过您留下的手机号联系您领奖。" : "您的券码：", null, p.CouponCode, validity),
            _ => new(slug, p.Id, "谢谢参与", "很遗憾这次没有中奖，明天再来试试吧。", null, null, null),
        };
    }
}

using WechatLeads.Server.CampaignConsole;
using WechatLeads.Server.Campaigns;
using WechatLeads.Server.Coupons;
using WechatLeads.Server.Stores;
using static WechatLeads.Server.Platform.Web.ConsoleLayout;
using static WechatLeads.Server.Platform.Web.Html;

namespace WechatLeads.Server.CampaignConsole;

/// <summary>
/// The coupon fields of the campaign settings and prize forms: validity (days from issue, or a fixed
/// window), usable stores (none ticked = every store) and the daily redemption hours. Names are the API's,
/// with a prefix: <c>coupon</c> on a campaign (couponValidDays…), none on a prize (validDays…).
/// </summary>
internal static class CouponSettingsForm
{
    public static string ForCampaign(CampaignEditEndpoints.CampaignDetails c, IReadOnlyList<Store> stores) =>
        Fields("coupon", "ValidDays", c.CouponValidDays, c.CouponValidFrom, c.CouponValidUntil, c.CouponStores, c.CouponRedeemHours, stores);

    public static string ForPrize(CampaignEditEndpoints.PrizeView? p, IReadOnlyList<Store> stores)
    {
        var kind = p?.Kind ?? PrizeKinds.Coupon;
        return $"""
            {Select("奖品类型", "kind", [(PrizeKinds.Coupon, "优惠券（到店核销）"), (PrizeKinds.Physical, "实物（邮寄或自提）")], kind)}
            {Field("实物领取期限（天，空为默认）", "claimDays", p?.ClaimDays?.ToString() ?? "", "number", "data-type=\"number-or-null\" min=\"1\" max=\"365\"")}
            {Fields("", "validDays", p?.ValidDays ?? 30, p?.ValidFrom, p?.ValidUntil, p?.Stores ?? [], p?.RedeemHours ?? "", stores)}
            {PaceFields(p?.Pace)}
            """;
    }

    /// <summary>均匀投奖: the release period, how many per period (empty: the inventory spread evenly), the hours, carry-over.</summary>
    private static string PaceFields(Pacing.PrizePace? pace) => $"""
        {Select("投放节奏", "pace.per", [("none", "不限（库存一开始就可抽中）"), (Pacing.PacePeriods.Day, "每天释放"), (Pacing.PacePeriods.Hour, "每小时释放")], pace?.Per ?? "none")}
        {Field("每期释放数量（空为把库存平均分到活动的每一期）", "pace.quantity", pace?.Quantity?.ToString() ?? "", "number", "data-type=\"number-or-null\" min=\"1\"")}
        {Field("释放时段（整点，如 08:00-22:00，空为全天）", "pace.hours", pace?.Hours ?? "", extra: "maxlength=\"11\" pattern=\"([0-2][0-9]:00-[0-2][0-9]:00)?\" data-keep-empty")}
        <label class="inline"><input type="checkbox" name="pace.carryOver" data-type="bool"{(pace?.CarryOver ?? true ? " checked" : "")}>未抽完的顺延到下一期</label>
        """;

    /// <summary><paramref name="prefix"/> "coupon" gives couponValidFrom…, "" gives validFrom….</summary>
    private static string Fields(string prefix, string daysName, int validDays, DateTime? from, DateTime? until, IReadOnlyList<string> chosen,
        string hours, IReadOnlyList<Store> stores)
    {
        string Name(string field) => prefix.Length == 0 ? char.ToLowerInvariant(field[0]) + field[1..] : prefix + field;
        var days = prefix.Length == 0 ? daysName : Name(daysName);
        // A code chosen earlier but no longer in the table still shows (ticked), so saving does not drop it silently.
        var options = stores.Select(s => (s.Code, Text: $"{s.Name}（{s.Code}）"))
            .Concat(chosen.Where(code => stores.All(s => s.Code != code)).Select(code => (Code: code, Text: code + "（门店表中没有）")));
        var checks = string.Concat(options.Select(o => Check(o.Text, Name("Stores"), o.Code, chosen.Contains(o.Code))));
        return $"""
            {Field("券有效天数（发放当天算第 1 天）", days, validDays.ToString(), "number", "data-type=\"number\" min=\"1\" max=\"3650\"")}
            {Field("固定有效期：开始（北京时间，可空）", Name("ValidFrom"), from is { } f ? ChinaLocal(f) : "", "datetime-local", "data-type=\"china-time-or-null\"")}
            {Field("固定有效期：结束（填写后代替有效天数）", Name("ValidUntil"), until is { } u ? ChinaLocal(u) : "", "datetime-local", "data-type=\"china-time-or-null\"")}
            {Field("每日核销时段（如 10:00-22:00，空为不限）", Name("RedeemHours"), hours, extra: "maxlength=\"11\" pattern=\"([0-2][0-9]:[0-5][0-9]-[0-2][0-9]:[0-5][0-9])?\" data-keep-empty")}
            <div class="stores"><span class="muted">可用门店（都不勾选 = 全部门店）：</span>{(checks.Length > 0 ? checks : "<span class=\"muted\">门店表为空，<a href=\"/admin/stores\">先添加门店</a></span>")}</div>
            """;
    }

    /// <summary>"发放后 30 天 · 全部门店 · 10:00-22:00", for read-only views.</summary>
    public static string Summary(CouponTerms terms) => terms.Line();
}

using System.Globalization;
using WechatLeads.Server.Platform.Web;
using static WechatLeads.Server.Platform.Web.Html;

namespace WechatLeads.Server.Analytics;

/// <summary>The dashboard's coupon section: what became of the coupons, rates by source and store, and how soon people came.</summary>
internal static class RedemptionCard
{
    private static readonly Dictionary<string, string> DayLabels = new()
    {
        ["0"] = "当天",
        ["1-3"] = "1-3 天",
        ["4-7"] = "4-7 天",
        ["8-14"] = "8-14 天",
        ["15-30"] = "15-30 天",
        [">30"] = "30 天以上",
    };

    public static string Html(string slug, RedemptionReport r)
    {
        if (r.Issued == 0) return "<div class=\"card\" id=\"redemptions\"><h2>券核销</h2><p class=\"muted\">尚未发放优惠券</p></div>";
        var days = SvgCharts.Columns("days-chart", "发放到核销的天数", r.DaysToRedeem.Select(b => (DayLabels.GetValueOrDefault(b.Key, b.Key), b.Count)).ToList(), "#13c2c2");
        var atStores = SvgCharts.HorizontalBars("redeem-store-chart", "核销门店",
            r.ByRedemptionStore.Select(s => (s.Name == s.Store ? s.Store : $"{s.Name}", s.Redeemed)).ToList(), "#2f54eb");
        return $"""
            <div class="card" id="redemptions"><h2>券核销</h2>
            <p id="redemption-summary">已发放 {r.Issued} 张 · 已核销 {r.Redeemed} 张（核销率 {Percent(r.Rate)}）· 未使用 {r.Outstanding} 张 ·
            过期未用 {r.ExpiredUnused} 张 · 已作废 {r.Voided} 张</p>
            <p><a href="/admin/campaigns/{E(slug)}/coupons">核销记录与作废</a> · <a href="/admin/api/campaigns/{E(slug)}/redemptions.csv" download>导出核销 CSV</a></p></div>
            <div class="card"><h2>核销率 · 按来源</h2>{RateTable("rate-by-source", "来源", r.BySource, "（未标注）")}</div>
            <div class="card"><h2>核销率 · 按发券门店（扫码来源）</h2>{RateTable("rate-by-issue-store", "发券门店", r.ByIssueStore, "（非门店码）")}</div>
            <div class="card"><h2>核销门店</h2>{atStores}</div>
            <div class="card"><h2>发放到核销的天数（北京时间自然日）</h2>{days}</div>
            """;
    }

    private static string RateTable(string id, string what, IReadOnlyList<RedemptionRate> rows, string blank) => $"""
        <table id="{id}"><tr><th>{what}</th><th>发放</th><th>核销</th><th>核销率</th></tr>{string.Concat(rows.Select(x =>
            $"<tr><td>{E(x.Key.Length == 0 ? blank : x.Key)}</td><td>{x.Issued}</td><td>{x.Redeemed}</td><td>{Percent(x.Rate)}</td></tr>"))}</table>
        """;

    private static string Percent(double rate) => rate.ToString("P1", CultureInfo.InvariantCulture);
}

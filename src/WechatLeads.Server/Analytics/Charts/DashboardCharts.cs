using System.Globalization;
using System.Text.Json;
using WechatLeads.Server.Anomalies;
using WechatLeads.Server.Campaigns;

namespace WechatLeads.Server.Analytics.Charts;

/// <summary>
/// The dashboard's figures as the ECharts script reads them (one JSON attribute): the funnel with the conversion
/// between steps, leads per Beijing day from the start to today (days without leads included, so one day does not
/// fill the width), sources, stores, risk ranks, prizes left and the redemption rate. Aggregates only, never a person.
/// </summary>
internal static class DashboardCharts
{
    private const int MaxDays = 400;

    public static readonly IReadOnlyDictionary<string, string> StepNames = new Dictionary<string, string>
    {
        ["landing views"] = "访问落地页",
        ["consent given"] = "同意隐私政策",
        ["phone submitted"] = "提交手机号",
        ["prize issued"] = "发放奖品/券",
        ["coupon redeemed"] = "核销",
    };

    public static string Json(CampaignReport r, ActivityReport activity, DateOnly firstDay, DateOnly lastDay)
    {
        var funnel = r.Funnel.Select((s, i) => new
        {
            name = StepNames.GetValueOrDefault(s.Step, s.Step),
            value = s.Count,
            // Conversion from the step before: what share of the people who got there went on.
            fromPrevious = i == 0 ? (double?)null : Percent(s.Count, r.Funnel[i - 1].Count),
        }).ToList();
        var counts = r.DailyLeads.ToDictionary(d => d.Key, d => d.Count);
        if (lastDay < firstDay) lastDay = firstDay;
        if (lastDay.DayNumber - firstDay.DayNumber >= MaxDays) firstDay = lastDay.AddDays(-(MaxDays - 1));
        var days = Enumerable.Range(0, lastDay.DayNumber - firstDay.DayNumber + 1)
            .Select(i => firstDay.AddDays(i).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture))
            .ToList();
        var data = new
        {
            funnel,
            daily = new { days, counts = days.Select(d => counts.GetValueOrDefault(d)).ToList() },
            sources = r.BySource.OrderByDescending(b => b.Count).Select(b => new { name = b.Key == "" ? "（未标注）" : SourceNames.Name(b.Key), value = b.Count }),
            stores = r.ByStore.OrderByDescending(b => b.Count).Select(b => new { name = b.Key, value = b.Count }),
            riskRanks = activity.RiskRanks.Select(k => new { name = RiskRankName(k.Key), value = k.Count }),
            prizes = r.Prizes.Select(p => new { name = p.Name, remaining = p.Remaining, won = p.Inventory - p.Remaining }),
            redemption = new { issued = r.Redemptions.Issued, redeemed = r.Redemptions.Redeemed, rate = Math.Round(r.Redemptions.Rate * 100, 1) },
        };
        return JsonSerializer.Serialize(data, Platform.JsonDefaults.Web);
    }

    private static double? Percent(long part, long whole) => whole == 0 ? null : Math.Round(100.0 * part / whole, 1);

    private static string RiskRankName(string rank) => rank switch
    {
        "0" => "0 级（正常）",
        "1" => "1 级",
        "2" => "2 级",
        "3" => "3 级（高风险）",
        "4" => "4 级（最高风险）",
        "-" or "" => "未查询风险",
        _ => rank + " 级",
    };
}

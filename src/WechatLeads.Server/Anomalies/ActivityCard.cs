using System.Globalization;
using WechatLeads.Server.Analytics;
using WechatLeads.Server.Platform.Web;
using static WechatLeads.Server.Platform.Web.Html;

namespace WechatLeads.Server.Anomalies;

/// <summary>The dashboard's 异常监控 section: the last hour minute by minute, bursts, where the traffic came from.</summary>
internal static class ActivityCard
{
    public static string Html(ActivityReport r, IReadOnlyList<AnomalyAlert> alerts)
    {
        var minutes = SvgCharts.Columns("activity-chart", "最近一小时每分钟参与数", r.LastHour.Select(m => (m.Minute, (long)m.Count)).ToList(), "#cf1322");
        var alertText = alerts.Count == 0
            ? "<p id=\"anomaly-alerts\" class=\"muted\">当前无异常告警</p>"
            : $"<ul id=\"anomaly-alerts\" class=\"error\">{string.Concat(alerts.Select(a => $"<li>{E(KindText(a.Kind))}：{E(a.Detail)}</li>"))}</ul>";
        var bursts = r.Bursts.Count == 0 ? "无" : string.Join("、", r.Bursts.Select(b => $"{b.Minute}（{b.Count}）"));
        return $"""
            <div class="card" id="activity"><h2>异常监控</h2>{alertText}
            <p>近 24 小时参与 {r.Participations} 次 · 平时每分钟 {r.BaselinePerMinute.ToString("0.##", CultureInfo.InvariantCulture)} 次 · 最近一小时的突增分钟：{E(bursts)}
            {(r.Truncated ? "（只统计了最新的 200,000 次）" : "")}</p>{minutes}
            <p id="risk-ranks">微信安全风控等级（近 24 小时）：{(r.RiskRanks.Count == 0 ? "无" : string.Join("，", r.RiskRanks.Select(k => $"{(k.Key == "-" ? "未检测" : k.Key + " 级")} {k.Count} 次")))}</p>
            <div class="grid"><div><h3>参与最多的地址</h3>{Table("top-addresses", r.TopAddresses)}</div>
            <div><h3>参与最多的网段（IPv4 /24，IPv6 /64）</h3>{Table("top-segments", r.TopSegments)}</div></div></div>
            """;
    }

    private static string KindText(string kind) => kind switch
    {
        AnomalyKinds.RateJump => "参与速度突增",
        AnomalyKinds.HighRisk => "高风险用户占比过高",
        _ => kind,
    };

    private static string Table(string id, IReadOnlyList<KeyCount> rows) => rows.Count == 0
        ? $"<p id=\"{id}\" class=\"muted\">无</p>"
        : $"<table id=\"{id}\"><tr><th>地址</th><th>次数</th></tr>{string.Concat(rows.Select(x => $"<tr><td>{E(x.Key)}</td><td>{x.Count}</td></tr>"))}</table>";
}

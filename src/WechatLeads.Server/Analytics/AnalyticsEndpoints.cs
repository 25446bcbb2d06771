using System.Globalization;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using WechatLeads.Server.Admin;
using WechatLeads.Server.Campaigns;
using WechatLeads.Server.Data;
using WechatLeads.Server.Platform.Web;
using static WechatLeads.Server.Platform.Web.Html;

namespace WechatLeads.Server.Analytics;

internal static class AnalyticsEndpoints
{
    private static readonly Dictionary<string, string> StepNames = new()
    {
        ["landing views"] = "访问落地页",
        ["consent given"] = "同意隐私政策",
        ["phone submitted"] = "提交手机号",
        ["prize issued"] = "发放奖品/券",
        ["coupon redeemed"] = "核销",
    };

    public static RouteGroupBuilder MapCampaignAnalytics(this RouteGroupBuilder admin)
    {
        admin.MapGet("/campaigns/{slug}/analytics", ApiAsync).WithName("GetCampaignAnalytics")
            .WithSummary("Funnel (landing views → consent → phone → prize → coupon redeemed), daily leads (China time), sources, stores, prizes left, opt-out rate, " +
                "billable WeChat phone-number verifications per day and component against the daily budget, and coupon redemptions: " +
                "rates by source, store of issue and store of redemption, days from issue to redemption, expired unused and voided.");
        return admin;
    }

    /// <summary>The console's campaign pages: the same report, drawn.</summary>
    public static IEndpointRouteBuilder MapCampaignDashboards(this IEndpointRouteBuilder app)
    {
        var console = app.MapGroup("/admin/campaigns").ExcludeFromDescription().RequireAuthorization(AdminPolicies.Staff);
        console.MapGet("/{slug}", DashboardPageAsync);
        return app;
    }

    private static async Task<Results<Ok<CampaignReport>, ProblemHttpResult>> ApiAsync(string slug, CampaignAnalytics analytics, CancellationToken ct) =>
        await analytics.ReportAsync(slug, ct) is { } report
            ? TypedResults.Ok(report)
            : TypedResults.Problem(statusCode: 404, title: "No such campaign.", detail: $"No campaign has the slug '{slug}'.");

    /// <summary>WeChat bills each successful 手机号快速验证 / 实时验证; the operator sees what was used against the budget.</summary>
    private static string PhoneNumberCard(PhoneNumberReport phones)
    {
        var budget = phones.DailyBudget is { } b ? $"每日预算 {b} 次" : "每日预算：不限";
        var mode = phones.TodayMode == Participation.PhoneVerificationModes.Sms ? "今日：短信验证（预算已用完或微信额度不足）" : "今日：微信手机号快速验证";
        var rows = string.Concat(phones.Days.AsEnumerable().Reverse().Select(d =>
            $"<tr><td>{E(d.Day)}</td><td>{d.Quick}</td><td>{d.Realtime}</td><td>{d.Unknown}</td><td><strong>{d.Billable}</strong></td><td>{(d.QuotaExhausted ? "微信额度不足" : "")}</td></tr>"));
        return $"""
            <div class="card" id="phone-billing"><h2>微信手机号验证（按成功次数计费）</h2><p>{budget} · {E(mode)} · 累计 {phones.Billable} 次</p>
            {(phones.Days.Count == 0 ? "<p class=\"muted\">尚无调用</p>" : $"<table><thead><tr><th>日期</th><th>快速验证</th><th>实时验证</th><th>未注明</th><th>计费次数</th><th></th></tr></thead><tbody>{rows}</tbody></table>")}</div>
            """;
    }

    private static async Task<IResult> DashboardPageAsync(
        string slug, HttpContext http, CampaignAnalytics analytics, Anomalies.DrawActivity activity, Anomalies.AnomalyMonitor monitor, CancellationToken ct)
    {
        var report = await analytics.ReportAsync(slug, ct);
        if (report is null) return ConsoleLayout.Page(http, "活动不存在", "<div class=\"card\"><h1>活动不存在</h1><p><a href=\"/admin/campaigns\">全部活动</a></p></div>", 404);
        var funnel = SvgCharts.HorizontalBars("funnel-chart", "转化漏斗", report.Funnel.Select(s => (StepNames.GetValueOrDefault(s.Step, s.Step), s.Count)).ToList());
        var daily = SvgCharts.Columns("daily-chart", "每日线索", report.DailyLeads.Select(d => (d.Key, d.Count)).ToList());
        var sources = SvgCharts.HorizontalBars("source-chart", "来源", report.BySource.Select(b => (b.Key == "" ? "（未标注）" : b.Key, b.Count)).ToList(), "#fa8c16");
        var stores = SvgCharts.HorizontalBars("store-chart", "门店", report.ByStore.Select(b => (b.Key, b.Count)).ToList(), "#722ed1");
        var prizes = SvgCharts.HorizontalBars("prize-chart", "剩余奖品", report.Prizes.Select(p => ($"{p.Name}（共 {p.Inventory}）", (long)p.Remaining)).ToList(), "#eb2f96");
        var rate = report.OptOutRate.ToString("P1", CultureInfo.InvariantCulture);
        return ConsoleLayout.Page(http, report.Title + " · 数据", $"""
            <div class="card"><h1>{E(report.Title)} {ConsoleLayout.StatusBadge(report.Status)}</h1><p class="muted">{E(report.Campaign)} · 日期为北京时间 ·
            <a href="/admin/campaigns/{E(report.Campaign)}/manage">管理活动</a></p></div>
            <div class="card"><h2>转化漏斗</h2>{funnel}</div>
            <div class="card"><h2>每日线索</h2>{daily}</div>
            <div class="card"><h2>来源</h2>{sources}</div>
            <div class="card"><h2>门店</h2>{stores}</div>
            {(report.Prizes.Count > 0 ? $"<div class=\"card\"><h2>剩余奖品</h2>{prizes}</div>" : "")}
            {RedemptionCard.Html(report.Campaign, report.Redemptions)}
            {Anomalies.ActivityCard.Html((await activity.ReportAsync(slug, ct))!, [.. (await monitor.CurrentAsync(ct)).Where(a => a.Campaign == slug)])}
            {PhoneNumberCard(report.PhoneNumbers)}
            <div class="card"><h2>营销退订</h2><p id="opt-out-rate">曾同意营销 {report.MarketingConsents} 人，已撤回 {report.MarketingWithdrawn} 人（退订率 {rate}）</p>
            <p><a href="/admin/campaigns">全部活动</a> · <a href="/admin/api/campaigns/{E(report.Campaign)}/analytics">JSON</a></p></div>
            """);
    }
}

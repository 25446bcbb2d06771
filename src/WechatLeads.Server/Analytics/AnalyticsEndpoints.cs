using System.Globalization;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using WechatLeads.Server.Admin;
using WechatLeads.Server.Campaigns;
using WechatLeads.Server.Data;
using WechatLeads.Server.Platform;
using WechatLeads.Server.Platform.Web;

namespace WechatLeads.Server.Analytics;

internal static class AnalyticsEndpoints
{
    public static RouteGroupBuilder MapCampaignAnalytics(this RouteGroupBuilder admin)
    {
        admin.MapGet("/campaigns/{slug}/analytics", ApiAsync).WithName("GetCampaignAnalytics")
            .WithSummary("Funnel (landing views → consent → phone → prize → coupon redeemed), daily leads (China time), sources, stores, prizes left, " +
                "opt-out rate, " +
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
            : CampaignProblems.NotFound.ToResult();

    private static async Task<IResult> DashboardPageAsync(
        string slug, HttpContext http, CampaignAnalytics analytics, Anomalies.DrawActivity activity, Anomalies.AnomalyMonitor monitor,
        LeadsDbContext db, TimeProvider time, CancellationToken ct)
    {
        if (await analytics.ReportAsync(slug, ct) is not { } report) return CampaignProblems.NotFoundPage(http);
        var alerts = (await monitor.CurrentAsync(ct)).Where(a => a.Campaign == slug).ToList();
        var draws = (await activity.ReportAsync(slug, ct))!;
        // The daily series runs from the campaign's first day (or its first lead) to today or its last day, whichever is first.
        var dates = await db.Set<Campaign>().AsNoTracking().Where(c => c.Slug == slug).Select(c => new { c.StartsAt, c.EndsAt }).SingleAsync(ct);
        var firstDay = ChinaTime.Date(dates.StartsAt);
        if (report.DailyLeads.Count > 0 && DateOnly.TryParse(report.DailyLeads[0].Key, CultureInfo.InvariantCulture, out var firstLead) && firstLead < firstDay)
            firstDay = firstLead;
        var lastDay = ChinaTime.Date(new[] { time.GetUtcNow().UtcDateTime, dates.EndsAt.AddMinutes(-1) }.Min());
        var charts = Charts.DashboardCharts.Json(report, draws, firstDay, lastDay);
        return ConsoleLayout.Render<CampaignDashboardPage>(http, new CampaignDashboardView(report, draws, alerts, charts));
    }
}

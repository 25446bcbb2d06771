using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using WechatLeads.Server.Admin;
using WechatLeads.Server.Campaigns;
using WechatLeads.Server.Data;
using WechatLeads.Server.Platform.Web;

namespace WechatLeads.Server.Marketing;

/// <summary>The console page for marketing sends: schedule one, watch progress and skip reasons, cancel.</summary>
internal static class MarketingPages
{
    public static IEndpointRouteBuilder MapMarketingPages(this IEndpointRouteBuilder app)
    {
        app.MapGet("/admin/marketing", PageAsync).ExcludeFromDescription().RequireAuthorization(AdminPolicies.Staff);
        return app;
    }

    private static async Task<IResult> PageAsync(
        HttpContext http,
        LeadsDbContext db,
        IOptionsMonitor<MarketingOptions> options,
        TimeProvider time,
        CancellationToken ct)
    {
        var o = options.CurrentValue;
        var ids = await db.Set<MarketingSend>().AsNoTracking().OrderByDescending(s => s.Id).Take(50).Select(s => s.Id).ToListAsync(ct);
        var sends = new List<SendProgress>();
        foreach (var id in ids) sends.Add((await MarketingAdminEndpoints.ProgressAsync(db, id, ct))!);
        var campaigns = await CampaignChoices.ListAsync(db, ct);
        var view = new MarketingView(
            sends,
            campaigns,
            o.SenderName,
            o.CapMessages,
            o.CapWindow.TotalDays,
            o.QuietFrom,
            o.QuietUntil,
            time.GetUtcNow().UtcDateTime);
        return ConsoleLayout.Render<MarketingPage>(http, view);
    }
}

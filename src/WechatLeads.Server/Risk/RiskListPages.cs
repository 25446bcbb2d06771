using Microsoft.EntityFrameworkCore;
using WechatLeads.Server.Admin;
using WechatLeads.Server.Data;
using WechatLeads.Server.Platform.Web;

namespace WechatLeads.Server.Risk;

/// <summary>The console's 抽奖风控名单: the block list and the allow list (staff test accounts), with forms to add and remove.</summary>
internal static class RiskListPages
{
    public static IEndpointRouteBuilder MapRiskListPages(this IEndpointRouteBuilder app)
    {
        app.MapGet("/admin/risk-lists", PageAsync).ExcludeFromDescription().RequireAuthorization(AdminPolicies.Staff);
        return app;
    }

    private static async Task<IResult> PageAsync(HttpContext http, LeadsDbContext db, CancellationToken ct)
    {
        var entries = await db.Set<RiskListEntry>().AsNoTracking().OrderBy(e => e.List).ThenByDescending(e => e.Id).ToListAsync(ct);
        List<RiskListRow> Rows(string list) => [.. entries.Where(e => e.List == list)
            .Select(e => new RiskListRow(e.Id, e.Kind == RiskLists.Phone ? "手机号" : "openid", e.Display, e.Note, e.CreatedBy))];
        return ConsoleLayout.Render<RiskListsPage>(http, new RiskListsView(Rows(RiskLists.Block), Rows(RiskLists.Allow)));
    }
}

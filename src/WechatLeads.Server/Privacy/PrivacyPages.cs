using Microsoft.EntityFrameworkCore;
using WechatLeads.Server.Admin;
using WechatLeads.Server.Data;
using WechatLeads.Server.Platform;
using WechatLeads.Server.Platform.Web;

namespace WechatLeads.Server.Privacy;

/// <summary>The console page for privacy-notice versions: what is published, and publishing the next one.</summary>
internal static class PrivacyPages
{
    public static IEndpointRouteBuilder MapPrivacyPages(this IEndpointRouteBuilder app)
    {
        app.MapGet("/admin/privacy", PageAsync).ExcludeFromDescription().RequireAuthorization(AdminPolicies.Staff);
        return app;
    }

    private static async Task<IResult> PageAsync(HttpContext http, LeadsDbContext db, CancellationToken ct)
    {
        var policies = await db.Set<PrivacyPolicy>().AsNoTracking().OrderByDescending(p => p.PublishedAt).ToListAsync(ct);
        var rows = policies.Select(p => new PublishedPolicyRow(p.Version, p.Title, ChinaTime.Format(p.PublishedAt), p.ContentHash[..16])).ToList();
        return ConsoleLayout.Render<PrivacyVersionsPage>(http, new PrivacyVersionsView(rows, policies.FirstOrDefault()?.Markdown ?? ""));
    }
}

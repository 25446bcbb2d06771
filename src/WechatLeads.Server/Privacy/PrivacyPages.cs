using Microsoft.EntityFrameworkCore;
using WechatLeads.Server.Admin;
using WechatLeads.Server.Data;
using WechatLeads.Server.Platform.Web;
using static WechatLeads.Server.Platform.Web.ConsoleLayout;
using static WechatLeads.Server.Platform.Web.Html;

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
        var rows = string.Concat(policies.Select(p => $"""
            <tr><td><a href="/privacy/{E(p.Version)}">{E(p.Version)}</a></td><td>{E(p.Title)}</td><td>{ChinaLocal(p.PublishedAt).Replace('T', ' ')}</td>
            <td class="muted">{E(p.ContentHash[..16])}…</td></tr>
            """));
        // The newest text is the starting point for the next version: edit, rename, publish.
        var template = policies.FirstOrDefault()?.Markdown ?? "";
        return Page(http, "隐私政策", $"""
            <div class="card"><h1>隐私政策版本</h1><p class="muted">已发布的版本永久保存且不能修改：每条同意记录都指向当时的版本及其 SHA-256。修改政策请发布新版本，再在活动设置中选用。</p>
            <table id="policies"><tr><th>版本</th><th>标题</th><th>发布时间（北京时间）</th><th>SHA-256</th></tr>{rows}</table></div>
            <div class="card"><h2>发布新版本</h2>
            <form id="publish-policy" data-api="/admin/api/privacy" data-then="reload" data-confirm="发布后该版本不能再修改，确定发布？">
            <div class="grid">{Field("版本号（如 2027-01）", "version", extra: "required maxlength=\"32\"")}</div>
            <label>正文（Markdown；须包含：个人信息处理者、处理目的、处理方式、保存期限、权利、未成年）<textarea name="markdown" rows="18" required>{E(template)}</textarea></label>
            <div class="actions"><button type="submit">发布</button></div><output></output></form></div>
            """);
    }
}

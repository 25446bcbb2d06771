using Microsoft.EntityFrameworkCore;
using WechatLeads.Server.Data;
using WechatLeads.Server.H5;
using WechatLeads.Server.Platform;
using WechatLeads.Server.Platform.Web;

namespace WechatLeads.Server.Privacy;

/// <summary>
/// Every published notice at a stable versioned URL, forever (consents point at it): HTML to read,
/// Markdown to save, and the hash to check the text is the one consented to.
/// </summary>
internal static class PrivacyEndpoints
{
    public static void MapPrivacyNotices(this IEndpointRouteBuilder app)
    {
        app.MapGet("/privacy/{version}", async (string version, LeadsDbContext db, HttpResponse response, CancellationToken ct) =>
        {
            var raw = version.EndsWith(".md", StringComparison.Ordinal);
            var key = raw ? version[..^3] : version;
            var policy = await db.Set<PrivacyPolicy>().AsNoTracking().SingleOrDefaultAsync(p => p.Version == key, ct);
            if (policy is null) return Html.Problem(404, "没有这个版本", "找不到该版本的个人信息保护政策。");
            response.Headers["X-Content-SHA256"] = policy.ContentHash;
            if (raw) return Results.Text(policy.Markdown, "text/markdown; charset=utf-8");
            return Html.Page(policy.Title, $"""
                <div class="card policy">{MarkdownLite.ToHtml(policy.Markdown)}
                <p class="muted">版本 {Html.E(policy.Version)} · 发布于 {ChinaTime.Format(policy.PublishedAt, "yyyy-MM-dd")} · SHA-256 {Html.E(policy.ContentHash)}
                · <a href="/privacy/{Html.E(policy.Version)}.md" download>保存原文</a></p></div>
                """);
        }).ExcludeFromDescription();
    }
}

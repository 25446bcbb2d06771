using Microsoft.EntityFrameworkCore;
using WechatLeads.Server.Data;
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
            if (policy is null) return PageResult.Problem(404, "没有这个版本", "找不到该版本的个人信息保护政策。");
            response.Headers["X-Content-SHA256"] = policy.ContentHash;
            if (raw) return Results.Text(policy.Markdown, "text/markdown; charset=utf-8");
            return PageResult.Render<PrivacyNoticePage>(new PrivacyNoticeView(policy.Title, MarkdownLite.ToHtml(policy.Markdown), policy.Version,
                ChinaTime.Format(policy.PublishedAt, "yyyy-MM-dd"), policy.ContentHash));
        }).ExcludeFromDescription();
    }
}

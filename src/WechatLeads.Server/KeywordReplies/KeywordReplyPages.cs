using Microsoft.EntityFrameworkCore;
using WechatLeads.Server.Admin;
using WechatLeads.Server.Campaigns;
using WechatLeads.Server.Data;
using WechatLeads.Server.Platform.Web;

namespace WechatLeads.Server.KeywordReplies;

/// <summary>The console's 关键词回复: the rules in the order they are tried, a form to add one, and the default reply.</summary>
internal static class KeywordReplyPages
{
    public static IEndpointRouteBuilder MapKeywordReplyPages(this IEndpointRouteBuilder app)
    {
        app.MapGet("/admin/replies", PageAsync).ExcludeFromDescription().RequireAuthorization(AdminPolicies.Staff);
        return app;
    }

    private static async Task<IResult> PageAsync(HttpContext http, LeadsDbContext db, KeywordReplyBook book, CancellationToken ct)
    {
        await book.CurrentAsync(ct); // loads config/replies.json on first use
        var rows = await db.Set<KeywordReply>().AsNoTracking().ToListAsync(ct);
        var campaigns = await CampaignChoices.ListAsync(db, ct);
        var rules = rows.Where(r => !r.IsDefault).OrderBy(r => r.Match == KeywordMatches.Exact ? 0 : 1).ThenBy(r => r.Position).ThenBy(r => r.Id)
            .Select(r => new ReplyRuleRow(r.Id, r.Match == KeywordMatches.Exact, r.KeywordList(), What(r), r.Promotional, r.UpdatedBy)).ToList();
        var fallback = rows.FirstOrDefault(r => r.IsDefault) is { } d ? new DefaultReplyRow(d.Id, d.Type, What(d), d.Text) : null;
        return ConsoleLayout.Render<KeywordRepliesPage>(http, new KeywordRepliesView(rules, fallback, campaigns));
    }

    private static string What(KeywordReply r) => r.Type switch
    {
        ReplyTypes.Text => r.Text ?? "",
        ReplyTypes.Link => $"链接卡片：{r.Title} → {r.Url}",
        ReplyTypes.Campaign => $"活动卡片：{r.Campaign}",
        _ => "不回复",
    };
}

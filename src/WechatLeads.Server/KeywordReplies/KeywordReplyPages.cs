using Microsoft.EntityFrameworkCore;
using WechatLeads.Server.Admin;
using WechatLeads.Server.Campaigns;
using WechatLeads.Server.Data;
using WechatLeads.Server.Platform.Web;
using static WechatLeads.Server.Platform.Web.ConsoleLayout;
using static WechatLeads.Server.Platform.Web.Html;

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
        var campaigns = await db.Set<Campaign>().AsNoTracking().OrderBy(c => c.Slug).Select(c => new { c.Slug, c.Title }).ToListAsync(ct);
        static string What(KeywordReply r) => r.Type switch
        {
            ReplyTypes.Text => r.Text ?? "",
            ReplyTypes.Link => $"链接卡片：{r.Title} → {r.Url}",
            ReplyTypes.Campaign => $"活动卡片：{r.Campaign}",
            _ => "不回复",
        };
        var rules = string.Concat(rows.Where(r => !r.IsDefault).OrderBy(r => r.Match == KeywordMatches.Exact ? 0 : 1).ThenBy(r => r.Position).ThenBy(r => r.Id)
            .Select(r => $"""
                <tr><td>{(r.Match == KeywordMatches.Exact ? "完全匹配" : "包含")}</td><td>{E(string.Join("、", r.KeywordList()))}</td><td>{E(What(r))}</td>
                <td>{(r.Promotional ? "营销" : "")}</td><td>{E(r.UpdatedBy)}</td>
                <td><form data-api="/admin/api/replies/{r.Id}" data-method="DELETE"><button type="submit" class="secondary">删除</button><output></output></form></td></tr>
                """));
        var fallback = rows.FirstOrDefault(r => r.IsDefault);
        var options = campaigns.Select(c => (c.Slug, $"{c.Title}（{c.Slug}）")).ToList();
        string Form(string id, string api, string method, bool isDefault) => $"""
            <form id="{id}" data-api="{api}" data-method="{method}"><div class="grid">
            {(isDefault ? "" : Select("匹配方式", "match", [(KeywordMatches.Contains, "包含关键词"), (KeywordMatches.Exact, "完全匹配")], KeywordMatches.Contains))}
            {(isDefault ? "" : Field("关键词（逗号或换行分隔）", "keywords", extra: "required maxlength=\"600\""))}
            {Select("回复", "type", (isDefault ? [(ReplyTypes.None, "不回复")] : Array.Empty<(string, string)>())
                .Concat([(ReplyTypes.Text, "文字"), (ReplyTypes.Link, "链接卡片"), (ReplyTypes.Campaign, "活动卡片")]), isDefault ? fallback?.Type : ReplyTypes.Text)}
            <div data-when-type="text">{Field("文字", "text", isDefault && fallback?.Type == ReplyTypes.Text ? fallback.Text : null, extra: "maxlength=\"600\"")}</div>
            <div data-when-type="link">{Field("标题", "title", extra: "maxlength=\"64\"")}{Field("链接（https:// 或本站路径）", "url", extra: "maxlength=\"512\"")}{Field("摘要", "description", extra: "maxlength=\"120\"")}</div>
            <div data-when-type="campaign">{Select("活动", "campaign", options, options.FirstOrDefault().Slug)}{Field("卡片摘要（营销：写明【品牌】和回复TD退订）", "description", extra: "maxlength=\"120\"")}</div>
            {Check("营销内容（对已退订的人不发送）", "promotional", "true", false, "data-type=\"bool\"")}</div>
            <div class="actions"><button type="submit">{(isDefault ? "保存默认回复" : "添加")}</button></div><output></output></form>
            """;
        return Page(http, "关键词回复", $"""
            <div class="card"><h1>关键词回复</h1><p class="muted">粉丝发来的文字按下表依次匹配（先完全匹配，后包含），用第一条命中的规则被动回复；都不命中时用默认回复。
            退订词（TD、退订等）始终优先退订。推广活动的回复属于营销：须写明【品牌】和退订方式，不会发给已退订的人。修改记入审计日志，约 30 秒内对所有实例生效。</p></div>
            <div class="card"><h2>规则</h2><table id="reply-rules"><tr><th>匹配</th><th>关键词</th><th>回复</th><th></th><th>修改人</th><th></th></tr>
            {(rules.Length > 0 ? rules : "<tr><td colspan=\"6\" class=\"muted\">无</td></tr>")}</table></div>
            <div class="card"><h2>添加规则</h2>{Form("add-reply", "/admin/api/replies", "POST", isDefault: false)}</div>
            <div class="card"><h2>默认回复</h2><p>当前：{E(fallback is null ? "不回复" : What(fallback))}</p>
            {(fallback is null ? "" : Form("default-reply", $"/admin/api/replies/{fallback.Id}", "PUT", isDefault: true))}</div>
            """);
    }
}

using Microsoft.EntityFrameworkCore;
using WechatLeads.Server.Admin;
using WechatLeads.Server.Data;
using WechatLeads.Server.Platform.Web;
using static WechatLeads.Server.Platform.Web.ConsoleLayout;
using static WechatLeads.Server.Platform.Web.Html;

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
        string Rows(string list) => string.Concat(entries.Where(e => e.List == list).Select(e => $"""
            <tr><td>{(e.Kind == RiskLists.Phone ? "手机号" : "openid")}</td><td>{E(e.Display)}</td><td>{E(e.Note)}</td><td>{E(e.CreatedBy)}</td>
            <td><form data-api="/admin/api/risk-lists/{e.Id}" data-method="DELETE"><button type="submit" class="secondary">移除</button><output></output></form></td></tr>
            """)) is { Length: > 0 } rows ? rows : "<tr><td colspan=\"5\" class=\"muted\">无</td></tr>";
        const string Head = "<tr><th>类型</th><th>号码 / 标识</th><th>备注</th><th>添加人</th><th></th></tr>";
        return Page(http, "抽奖风控名单", $"""
            <div class="card"><h1>抽奖风控名单</h1><p class="muted">黑名单上的手机号或微信账号不能参加抽奖；白名单（员工测试账号）跳过微信安全风控和地址、设备限制，
            但仍受每人次数限制。号码只以不可逆的索引保存，这里显示掩码。修改记入审计日志，约 30 秒内对所有实例生效。</p></div>
            <div class="card"><h2>黑名单</h2><table id="block-list">{Head}{Rows(RiskLists.Block)}</table></div>
            <div class="card"><h2>白名单</h2><table id="allow-list">{Head}{Rows(RiskLists.Allow)}</table></div>
            <div class="card"><h2>添加</h2><form id="add-risk-entry" data-api="/admin/api/risk-lists"><div class="grid">
            {Select("名单", "list", [(RiskLists.Block, "黑名单"), (RiskLists.Allow, "白名单（测试账号）")], RiskLists.Block)}
            {Select("类型", "kind", [(RiskLists.Phone, "手机号"), (RiskLists.OpenId, "微信 openid")], RiskLists.Phone)}
            {Field("手机号或 openid", "value", extra: "required maxlength=\"64\"")}{Field("备注", "note", extra: "maxlength=\"200\"")}</div>
            <div class="actions"><button type="submit">添加</button></div><output></output></form></div>
            """);
    }
}

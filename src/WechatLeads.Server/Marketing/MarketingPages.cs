using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using WechatLeads.Server.Admin;
using WechatLeads.Server.Campaigns;
using WechatLeads.Server.Data;
using WechatLeads.Server.Platform.Web;
using static WechatLeads.Server.Platform.Web.ConsoleLayout;
using static WechatLeads.Server.Platform.Web.Html;

namespace WechatLeads.Server.Marketing;

/// <summary>The console page for marketing sends: schedule one, watch progress and skip reasons, cancel.</summary>
internal static class MarketingPages
{
    public static IEndpointRouteBuilder MapMarketingPages(this IEndpointRouteBuilder app)
    {
        app.MapGet("/admin/marketing", PageAsync).ExcludeFromDescription().RequireAuthorization(AdminPolicies.Staff);
        return app;
    }

    private static async Task<IResult> PageAsync(HttpContext http, LeadsDbContext db, IOptionsMonitor<MarketingOptions> options, TimeProvider time, CancellationToken ct)
    {
        var o = options.CurrentValue;
        var ids = await db.Set<MarketingSend>().AsNoTracking().OrderByDescending(s => s.Id).Take(50).Select(s => s.Id).ToListAsync(ct);
        var rows = new List<string>();
        foreach (var id in ids)
        {
            var p = (await MarketingAdminEndpoints.ProgressAsync(db, id, ct))!;
            var reasons = string.Join("；", p.SkippedByReason.Select(r => $"{E(r.Key)} {r.Value}"));
            var cancel = p.Status is MarketingSendStatus.Scheduled or MarketingSendStatus.Running
                ? $"<form data-api=\"/admin/api/marketing/sends/{p.Id}/cancel\" data-confirm=\"取消后剩余的人不会再收到这条消息，确定？\"><button class=\"danger\" type=\"submit\">取消</button><output></output></form>" : "";
            rows.Add($"""
                <tr><td>{p.Id}</td><td>{E(p.Name)}<div class="muted">{E(p.Channel)} · {E(p.CreatedBy)}</div></td><td>{E(p.Status)}{(p.NotBefore is { } nb && p.Status != MarketingSendStatus.Finished ? $"<div class=\"muted\">静默时段，{ChinaLocal(nb).Replace('T', ' ')} 继续</div>" : "")}</td>
                <td>{ChinaLocal(p.ScheduledAt).Replace('T', ' ')}</td><td>{p.AudienceSize}</td><td>{p.Sent}</td><td>{p.Pending}</td><td>{p.Skipped + p.Failed}<div class="muted">{reasons}</div></td><td>{cancel}</td></tr>
                """);
        }
        var campaigns = await db.Set<Campaign>().AsNoTracking().OrderBy(c => c.Slug).Select(c => new { c.Slug, c.Title }).ToListAsync(ct);
        var now = ChinaLocal(time.GetUtcNow().UtcDateTime);
        return Page(http, "营销发送", $"""
            <div class="card"><h1>营销发送</h1>
            <p class="muted">每条消息发出前逐条检查：营销同意仍有效且对应当前隐私政策版本、未退订、每人每 {o.CapWindow.TotalDays:0} 天最多 {o.CapMessages} 条（跨活动、跨渠道）、
            静默时段 {o.QuietFrom:HH\:mm}–{o.QuietUntil:HH\:mm}（北京时间，期间暂停、次日继续）以及微信自身限制。不符合的人跳过并记录原因。</p>
            <table id="sends"><tr><th>#</th><th>名称</th><th>状态</th><th>计划时间</th><th>受众</th><th>已发送</th><th>待发</th><th>跳过/失败</th><th></th></tr>{string.Concat(rows)}</table></div>
            <div class="card"><h2>新建发送</h2>
            <form id="schedule-send" data-api="/admin/api/marketing/sends" data-then="reload">
            <div class="grid">
              {Field("名称", "name", extra: "required maxlength=\"100\"")}
              {Select("渠道", "channel", [(MarketingChannels.Sms, "短信"), (MarketingChannels.WechatCustomerService, "公众号客服消息（48 小时内互动过的粉丝）"), (MarketingChannels.WechatTemplate, "公众号模板消息")])}
              {Select("受众：活动", "audience.campaign", [("", "全部活动"), .. campaigns.Select(c => (c.Slug, $"{c.Title}（{c.Slug}）"))])}
              {Field("受众：来源", "audience.source")}{Field("受众：门店（场景值）", "audience.store")}
              {Field("计划时间（北京时间，留空为立即）", "scheduledAt", "", "datetime-local", "data-type=\"china-time\"")}
            </div>
            <label>消息内容（须含【{E(o.SenderName)}】和“{MessageRules.SmsRefusal}”；公众号消息也可写菜单“{MessageRules.MenuRefusal}”）
            <textarea name="text" rows="3" maxlength="500">【{E(o.SenderName)}】 {MessageRules.SmsRefusal}</textarea></label>
            <details><summary class="muted">模板消息字段</summary><div class="grid">{Field("模板 ID", "templateId")}{Field("first", "templateData.first")}{Field("remark", "templateData.remark")}</div></details>
            <div class="actions"><button type="submit">安排发送</button></div><output></output></form>
            <p class="muted">现在是北京时间 {now.Replace('T', ' ')}。</p></div>
            """);
    }
}

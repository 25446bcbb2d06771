using Microsoft.EntityFrameworkCore;
using WechatLeads.Server.Admin;
using WechatLeads.Server.Data;
using WechatLeads.Server.Platform.Web;
using static WechatLeads.Server.Platform.Web.ConsoleLayout;
using static WechatLeads.Server.Platform.Web.Html;

namespace WechatLeads.Server.Audit;

/// <summary>The audit log for Compliance: newest first, with the chain verified on every view.</summary>
internal static class AuditPages
{
    private const int PageSize = 100;

    public static IEndpointRouteBuilder MapAuditPages(this IEndpointRouteBuilder app)
    {
        app.MapGet("/admin/audit", PageAsync).ExcludeFromDescription().RequireAuthorization(AdminPolicies.Compliance);
        return app;
    }

    private static async Task<IResult> PageAsync(long? before, HttpContext http, LeadsDbContext db, AuditLog log, CancellationToken ct)
    {
        var verification = await log.VerifyAsync(ct);
        var entries = await db.Set<AuditEntry>().AsNoTracking().Where(e => before == null || e.Sequence < before)
            .OrderByDescending(e => e.Sequence).Take(PageSize).ToListAsync(ct);
        var rows = string.Concat(entries.Select(e => $"""
            <tr><td>{e.Sequence}</td><td>{ChinaLocal(e.At).Replace('T', ' ')}</td><td>{E(e.Actor)}<div class="muted">{E(e.Role)} · {E(e.Method)}</div></td>
            <td>{E(e.Action)}</td><td>{E(e.Target)}{(e.RecordCount > 0 ? $" <span class=\"muted\">({e.RecordCount})</span>" : "")}</td><td>{E(e.Reason)}</td><td>{E(e.Ip)}</td></tr>
            """));
        var state = verification.Intact
            ? $"<output class=\"ok\" id=\"chain\">哈希链完整：已校验 {verification.EntriesChecked} 条。</output>"
            : verification.BrokenAt is { } at
                ? $"<output class=\"error\" id=\"chain\">哈希链在第 {at} 条断开：{E(verification.Problem)}</output>"
                : $"<output class=\"error\" id=\"chain\">审计日志校验失败：{E(verification.Problem)}</output>";
        var older = entries.Count == PageSize ? $"<a href=\"/admin/audit?before={entries[^1].Sequence}\">更早</a>" : "";
        return Page(http, "审计日志", $"""
            <div class="card"><h1>审计日志</h1><p class="muted">查看完整号码、导出、登录和配置变更都记录在此，只能追加；每条带前一条的哈希，被改动或删除的记录会被发现；最新一条另有签名记录（数据库外也有），删除最新记录或回滚到旧副本同样会被发现。请定期下载<a href="/admin/api/audit/checkpoints">签名检查点</a>并另行保存。</p>{state}</div>
            <div class="card"><table id="audit"><tr><th>#</th><th>时间（北京时间）</th><th>操作人</th><th>操作</th><th>对象</th><th>理由</th><th>来源地址</th></tr>{rows}</table><p>{older}</p></div>
            """);
    }
}

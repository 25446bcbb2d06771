using Microsoft.EntityFrameworkCore;
using WechatLeads.Server.Admin;
using WechatLeads.Server.Data;
using WechatLeads.Server.Platform;
using WechatLeads.Server.Platform.Web;

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
        var rows = entries.Select(e => new AuditRow(e.Sequence, ChinaTime.Format(e.At), e.Actor, e.Role, e.Method,
            e.Action, e.Target, e.RecordCount, e.Reason, e.Ip)).ToList();
        var state = verification.Intact
            ? $"哈希链完整：已校验 {verification.EntriesChecked} 条。"
            : verification.BrokenAt is { } at
                ? $"哈希链在第 {at} 条断开：{verification.Problem}"
                : $"审计日志校验失败：{verification.Problem}";
        long? older = entries.Count == PageSize ? entries[^1].Sequence : null;
        return ConsoleLayout.Render<AuditLogPage>(http, new AuditLogView(verification.Intact, state, rows, older));
    }
}

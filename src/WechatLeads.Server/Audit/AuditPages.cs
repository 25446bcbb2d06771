using System.Globalization;
using Microsoft.EntityFrameworkCore;
using WechatLeads.Server.Admin;
using WechatLeads.Server.Data;
using WechatLeads.Server.Platform;
using WechatLeads.Server.Platform.Web;

namespace WechatLeads.Server.Audit;

/// <summary>
/// The audit log for Compliance: newest first, the chain verified on every view, and a search by actor, action,
/// days (Beijing time) and record (any part of the target, e.g. a campaign slug or <c>lead:…</c>).
/// </summary>
internal static class AuditPages
{
    private const int PageSize = 100;

    public static IEndpointRouteBuilder MapAuditPages(this IEndpointRouteBuilder app)
    {
        app.MapGet("/admin/audit", PageAsync).ExcludeFromDescription().RequireAuthorization(AdminPolicies.Compliance);
        return app;
    }

    private static async Task<IResult> PageAsync(
        long? before, string? actor, string? action, DateOnly? fromDay, DateOnly? toDay, string? record,
        HttpContext http, LeadsDbContext db, AuditLog log, CancellationToken ct)
    {
        var verification = await log.VerifyAsync(ct);
        var (actorText, actionText, recordText) = (Blank(actor), Blank(action), Blank(record));
        string? problem = null;
        if (new[] { actorText, actionText, recordText }.Any(t => t is not null && (t.Length > 128 || t.Any(char.IsControl))))
            problem = "搜索条件过长或含控制字符（每项最多 128 个字符）。";
        else if (fromDay is { } f && toDay is { } t && t < f)
            problem = "结束日期不能早于开始日期。";

        var entries = new List<AuditEntry>();
        if (problem is null)
        {
            var query = db.Set<AuditEntry>().AsNoTracking().Where(e => before == null || e.Sequence < before);
            if (actorText is not null) query = query.Where(e => e.Actor == actorText);
            if (actionText is not null) query = query.Where(e => e.Action == actionText);
            if (ChinaTime.StartOf(fromDay) is { } from) query = query.Where(e => e.At >= from);
            if (ChinaTime.StartOf(toDay?.AddDays(1)) is { } to) query = query.Where(e => e.At < to);
            if (recordText is not null) query = query.Where(e => e.Target.Contains(recordText));
            entries = await query.OrderByDescending(e => e.Sequence).Take(PageSize).ToListAsync(ct);
        }
        var rows = entries.Select(e => new AuditRow(e.Sequence, ChinaTime.Format(e.At), e.Actor, e.Role, e.Method,
            e.Action, AuditActionNames.Name(e.Action), e.Target, e.RecordCount, e.Reason, e.Ip)).ToList();
        var state = verification.Intact
            ? $"哈希链完整：已校验 {verification.EntriesChecked} 条。"
            : verification.BrokenAt is { } at
                ? $"哈希链在第 {at} 条断开：{verification.Problem}"
                : $"审计日志校验失败：{verification.Problem}";
        long? older = entries.Count == PageSize ? entries[^1].Sequence : null;
        var day = (DateOnly? d) => d?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        var form = new AuditSearchForm(actorText, actionText, day(fromDay), day(toDay), recordText);
        var searchQuery = ListPaging.FiltersOf(http.Request, "before");
        return ConsoleLayout.Render<AuditLogPage>(http, new AuditLogView(verification.Intact, state, rows, older, form, searchQuery, problem),
            problem is null ? StatusCodes.Status200OK : StatusCodes.Status400BadRequest);
    }

    private static string? Blank(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();
}

using Microsoft.EntityFrameworkCore;
using WechatLeads.Server.Admin;
using WechatLeads.Server.Data;

namespace WechatLeads.Server.Audit;

internal static class AuditEndpoints
{
    public sealed record AuditPage(IReadOnlyList<AuditEntry> Entries, long? Next);

    public static RouteGroupBuilder MapAuditAdmin(this RouteGroupBuilder admin)
    {
        var audit = admin.MapGroup("/audit").RequireAuthorization(AdminPolicies.Compliance);
        audit.MapGet("/", ListAsync).WithName("ListAuditEntries")
            .WithSummary("The staff audit log, oldest first, in pages (after = the last sequence seen).");
        audit.MapGet("/verify", (AuditLog log, CancellationToken ct) => log.VerifyAsync(ct)).WithName("VerifyAuditLog")
            .WithSummary("Recomputes the hash chain and reports the first entry that was changed, removed or inserted.");
        return admin;
    }

    private static async Task<AuditPage> ListAsync(LeadsDbContext db, long? after, int? limit, CancellationToken ct)
    {
        var take = Math.Clamp(limit ?? 100, 1, 500);
        var entries = await db.Set<AuditEntry>().AsNoTracking().Where(e => e.Sequence > (after ?? 0))
            .OrderBy(e => e.Sequence).Take(take).ToListAsync(ct);
        return new AuditPage(entries, entries.Count == take ? entries[^1].Sequence : null);
    }
}

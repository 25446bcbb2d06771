using Hangfire;
using Microsoft.EntityFrameworkCore;
using WechatLeads.Server.Admin;
using WechatLeads.Server.Audit;
using WechatLeads.Server.Data;
using WechatLeads.Server.Participation;
using WechatLeads.Server.Platform.Web;

namespace WechatLeads.Server.Coupons;

/// <summary>
/// Every redemption and reversal becomes an entry in the hash-chained audit log — who, which store, when,
/// which coupon — written here, every minute, from the <see cref="Redemption"/> rows the till's request made
/// durable. The chain takes one append at a time; hundreds of tills at once would otherwise queue behind it
/// (measured: p50 above a second). The entries go through the group-commit writer with the tills' own writes
/// (<see cref="DeferredAuditWrite"/>), each with its "audited" mark, so a crash or a second run never writes
/// one twice and a backlog after a rush does not hold the tills behind a second writer.
/// </summary>
internal sealed class AuditRedemptions(LeadsDbContext db, AuditLog audit, DurableWriteQueue writer, TimeProvider time)
{
    public const string RecurringJobId = "coupon-redemption-audit";
    /// <summary>Entries per group commit: about a millisecond of the writer's time on SQLite.</summary>
    private const int Batch = 100;

    private const string MarkRedeemed = """UPDATE "Redemptions" SET "AuditedAt" = @At WHERE "Id" = @Id AND "AuditedAt" IS NULL""";
    private const string MarkReversed = """UPDATE "Redemptions" SET "ReversalAuditedAt" = @At WHERE "Id" = @Id AND "ReversalAuditedAt" IS NULL""";

    [AutomaticRetry(Attempts = 3)]
    [DisableConcurrentExecution(timeoutInSeconds: 600)]
    public async Task<int> RunAsync(CancellationToken ct)
    {
        var written = 0;
        while (await db.Set<Redemption>().AsNoTracking().Where(r => r.AuditedAt == null).OrderBy(r => r.CreatedAt).ThenBy(r => r.Id).Take(Batch).ToListAsync(ct)
               is { Count: > 0 } redeemed)
        {
            var appended = await AppendAsync(
                redeemed.Select(r => Entry(r, AuditActions.CouponRedeemed, r.RedeemedBy, $"at:{r.CreatedAt:O}", MarkRedeemed)),
                ct);
            written += appended;
            if (appended == 0) break; // another instance is marking the same rows: its run writes them
        }
        // Reversals after their redemption's entry, so the log reads in the order things happened.
        while (await db.Set<Redemption>().AsNoTracking().Where(r => r.ReversedAt != null && r.ReversalAuditedAt == null && r.AuditedAt != null)
                   .OrderBy(r => r.ReversedAt).Take(Batch).ToListAsync(ct) is { Count: > 0 } reversed)
        {
            var appended = await AppendAsync(
                reversed.Select(r => Entry(r, AuditActions.RedemptionReversed, r.ReversedBy!, $"reversed-at:{r.ReversedAt:O}", MarkReversed)),
                ct);
            written += appended;
            if (appended == 0) break;
        }
        return written;
    }

    private DeferredAuditEntry Entry(Redemption r, string action, string actor, string when, string markSql) =>
        new(new AuditRecord(action, $"coupon:{r.CouponId} store:{r.Store} redemption:{r.Id} {when}"),
            new Actor(actor, AdminRoles.Store, r.Channel == StoreCaller.PosChannel ? "api-key" : "password"),
            r.Ip, markSql, new { At = time.GetUtcNow().UtcDateTime, r.Id });

    private async Task<int> AppendAsync(IEnumerable<DeferredAuditEntry> entries, CancellationToken ct)
    {
        var write = new DeferredAuditWrite(audit, entries.ToList());
        await writer.SubmitAsync(null, [write], ct);
        return write.Appended;
    }
}

using Microsoft.EntityFrameworkCore;
using WechatLeads.Server.Data;
using WechatLeads.Server.Leads;

namespace WechatLeads.Server.Coupons;

/// <summary>
/// On unfollow, a deletion request or a revoked phone number: the wallet's coupons of the leads being erased. Coupon
/// codes stay with the pool and redemptions with the store (not personal data once nothing links them to anyone).
/// Erasers run in any order, so a coupon goes when its lead is erased now (made before <c>asOf</c>) or already was.
/// </summary>
internal sealed class CouponEraser(LeadsDbContext db) : IPersonalDataEraser, IPhoneDataEraser
{
    public async Task EraseAsync(string openId, string subjectKey, DateTime asOf, CancellationToken cancellationToken) =>
        await db.Set<Coupon>()
            .Where(c => c.SubjectKey == subjectKey
                && (db.Set<Lead>().Any(l => l.Id == c.LeadId && l.CreatedAt <= asOf) || !db.Set<Lead>().Any(l => l.Id == c.LeadId)))
            .ExecuteDeleteAsync(cancellationToken);
}

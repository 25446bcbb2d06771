using Hangfire;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using WechatLeads.Server.Data;

namespace WechatLeads.Server.Coupons;

/// <summary>
/// Nightly: issued coupons past their validity become expired, in batches (a short write lock each, so
/// redemptions keep flowing). Idempotent — a coupon is expired once, by a conditional update, whoever runs
/// it — and redemption never depended on it: the till refuses an out-of-date coupon anyway. The evidence
/// report counts by <see cref="Coupon.ExpiredAt"/>.
/// </summary>
internal sealed class ExpireCoupons(LeadsDbContext db, TimeProvider time, IOptions<CouponOptions> options, ILogger<ExpireCoupons> logger)
{
    public const string RecurringJobId = "coupon-expiry";
    /// <summary>00:10 Beijing time, just after a day's last valid minute.</summary>
    public const string Schedule = "10 16 * * *";

    [AutomaticRetry(Attempts = 3)]
    [DisableConcurrentExecution(timeoutInSeconds: 600)]
    public async Task<int> RunAsync(CancellationToken ct)
    {
        var now = time.GetUtcNow().UtcDateTime;
        var batch = Math.Max(1, options.Value.ExpiryBatchSize);
        var total = 0;
        while (true)
        {
            var ids = await db.Set<Coupon>().AsNoTracking().Where(c => c.State == CouponStates.Issued && c.ValidUntil <= now)
                .OrderBy(c => c.ValidUntil).Select(c => c.Id).Take(batch).ToListAsync(ct);
            if (ids.Count == 0) break;
            total += await db.Set<Coupon>().Where(c => ids.Contains(c.Id) && c.State == CouponStates.Issued)
                .ExecuteUpdateAsync(s => s.SetProperty(c => c.State, CouponStates.Expired).SetProperty(c => c.ExpiredAt, now), ct);
            if (ids.Count < batch) break;
        }
        logger.LogInformation("Coupon expiry: {Count} coupons expired", total);
        return total;
    }
}

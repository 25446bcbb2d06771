using Microsoft.EntityFrameworkCore;
using WechatLeads.Server.Coupons;
using WechatLeads.Server.Data;
using WechatLeads.Server.Leads;
using WechatLeads.Server.Stores;

namespace WechatLeads.Server.Analytics;

/// <summary>Issued (all coupons handed out, whatever became of them) against redeemed, for one group.</summary>
public sealed record RedemptionRate(string Key, long Issued, long Redeemed, double Rate);

/// <summary>Redemptions at one store (by the store's code; the name from the Stores table, or the code when unknown).</summary>
public sealed record RedeemedAt(string Store, string Name, long Redeemed);

/// <summary>
/// What became of a campaign's coupons. <see cref="Issued"/> counts every coupon handed out; the states split it:
/// <see cref="Outstanding"/> (still usable or not yet expired by the nightly job), redeemed, expired unused, voided.
/// Days to redemption are Beijing calendar days from issue: <c>0</c> is the same day.
/// </summary>
public sealed record RedemptionReport(
    long Issued, long Redeemed, long Outstanding, long ExpiredUnused, long Voided, double Rate,
    IReadOnlyList<RedemptionRate> BySource, IReadOnlyList<RedemptionRate> ByIssueStore, IReadOnlyList<RedeemedAt> ByRedemptionStore,
    IReadOnlyList<Bucket> DaysToRedeem);

/// <summary>
/// Aggregates over the Coupons table, computed in the database. Each query starts from the (CampaignId, State,
/// LeadId) index: the counts by state read the index alone; by source and issue store join each coupon to its
/// lead by primary key; the redeemed-only ones touch the redeemed rows only.
/// </summary>
internal sealed class RedemptionAnalytics(LeadsDbContext db)
{
    public static readonly string[] DayBuckets = ["0", "1-3", "4-7", "8-14", "15-30", ">30"];

    private sealed record DaysCount(long Days, long Count);

    public async Task<RedemptionReport> ReportAsync(long campaignId, CancellationToken ct)
    {
        var coupons = db.Set<Coupon>().AsNoTracking().Where(c => c.CampaignId == campaignId);
        var byState = await coupons.GroupBy(c => c.State).Select(g => new { g.Key, Count = g.LongCount() }).ToDictionaryAsync(x => x.Key, x => x.Count, ct);
        long State(string s) => byState.GetValueOrDefault(s);
        var issued = byState.Values.Sum();

        // One pass for both groupings; a lead erased by retention leaves its coupon counted under "".
        var groups = await (from c in coupons
                            join l in db.Set<Lead>() on c.LeadId equals l.Id into leads
                            from l in leads.DefaultIfEmpty()
                            group c by new { Source = l.Source ?? "", Store = l.Store ?? "", c.State } into g
                            select new { g.Key.Source, g.Key.Store, g.Key.State, Count = g.LongCount() }).ToListAsync(ct);
        List<RedemptionRate> Rates(Func<string, string, string> key) => [.. groups.GroupBy(g => key(g.Source, g.Store))
            .Select(g => Rate(g.Key, g.Sum(x => x.Count), g.Where(x => x.State == CouponStates.Redeemed).Sum(x => x.Count)))
            .OrderByDescending(r => r.Issued).ThenBy(r => r.Key, StringComparer.Ordinal)];

        var stores = await db.Set<Store>().AsNoTracking().ToDictionaryAsync(s => s.Code, s => s.Name, StringComparer.Ordinal, ct);
        var atStores = await coupons.Where(c => c.State == CouponStates.Redeemed)
            .GroupBy(c => c.RedeemedStore ?? "").Select(g => new { g.Key, Count = g.LongCount() }).ToListAsync(ct);

        return new RedemptionReport(issued, State(CouponStates.Redeemed), State(CouponStates.Issued), State(CouponStates.Expired), State(CouponStates.Voided),
            Ratio(State(CouponStates.Redeemed), issued), Rates((source, _) => source), Rates((_, store) => store),
            [.. atStores.Select(s => new RedeemedAt(s.Key, stores.GetValueOrDefault(s.Key, s.Key), s.Count))
                .OrderByDescending(s => s.Redeemed)
                .ThenBy(s => s.Store, StringComparer.Ordinal)],
            await DaysToRedeemAsync(campaignId, ct));
    }

    /// <summary>Beijing calendar days between issue and redemption, grouped in the database, bucketed here (a few dozen rows at most).</summary>
    private async Task<List<Bucket>> DaysToRedeemAsync(long campaignId, CancellationToken ct)
    {
        var days = db.Database.ProviderName?.Contains("Npgsql", StringComparison.Ordinal) == true
            ? "((\"RedeemedAt\" AT TIME ZONE 'Asia/Shanghai')::date - (\"IssuedAt\" AT TIME ZONE 'Asia/Shanghai')::date)::bigint"
            : "CAST(julianday(date(\"RedeemedAt\", '+8 hours')) - julianday(date(\"IssuedAt\", '+8 hours')) AS INTEGER)";
        // Only our two constant expressions go into the text; the campaign id and state are parameters.
        var sql = "SELECT " + days + " AS \"Days\", COUNT(*) AS \"Count\" FROM \"Coupons\" WHERE \"CampaignId\" = {0} AND \"State\" = {1} " +
            "AND \"RedeemedAt\" IS NOT NULL GROUP BY " + days;
        var rows = await db.Database.SqlQueryRaw<DaysCount>(sql, campaignId, CouponStates.Redeemed).ToListAsync(ct);
        var counts = rows.GroupBy(r => BucketOf(r.Days)).ToDictionary(g => g.Key, g => g.Sum(r => r.Count));
        return [.. DayBuckets.Select(b => new Bucket(b, counts.GetValueOrDefault(b)))];
    }

    public static string BucketOf(long days) => days switch
    {
        <= 0 => "0",
        <= 3 => "1-3",
        <= 7 => "4-7",
        <= 14 => "8-14",
        <= 30 => "15-30",
        _ => ">30",
    };

    private static RedemptionRate Rate(string key, long issued, long redeemed) => new(key, issued, redeemed, Ratio(redeemed, issued));

    private static double Ratio(long part, long whole) => whole == 0 ? 0 : Math.Round((double)part / whole, 4);
}

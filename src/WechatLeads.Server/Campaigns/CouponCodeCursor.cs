using System.Collections.Concurrent;

namespace WechatLeads.Server.Campaigns;

/// <summary>
/// Where the next free code of a pool probably is: just past the last one this process handed out. Codes go in
/// order, so without the hint every claim would find "the first free code" by walking past every code handed out
/// before it — on PostgreSQL past their dead index entries too, until vacuum — and a rush would get slower with
/// every coupon. Only a hint: a claim that finds nothing past it looks again from the start, so a stale or foreign
/// value (another instance's claims, a code given back) costs one query, never a coupon.
/// </summary>
internal static class CouponCodeCursor
{
    private static readonly ConcurrentDictionary<long, long> LastClaimed = new();

    public static long Of(long poolId) => LastClaimed.GetValueOrDefault(poolId);

    public static void Moved(long poolId, long codeId) => LastClaimed.AddOrUpdate(poolId, codeId, (_, last) => Math.Max(last, codeId));
}

using Microsoft.EntityFrameworkCore;
using WechatLeads.Server.Campaigns;
using WechatLeads.Server.Data;
using WechatLeads.Server.Stores;

namespace WechatLeads.Server.Coupons;

/// <summary>A coupon as its holder sees it in 我的券; <see cref="Token"/> only while it can be used.</summary>
internal sealed record WalletCoupon(
    string Id, string Code, string Campaign, string? Prize, string State, string StateText, DateTime ValidFrom, DateTime ValidUntil, string Validity,
    IReadOnlyList<WalletStore> Stores, bool AllStores, string? RedeemHours, DateTime? RedeemedAt, string? RedeemedStoreName,
    string? Token, DateTime? TokenRefreshAt)
{
    public bool Usable => Token is not null;
}

internal sealed record WalletStore(string Code, string Name, string Address);

/// <summary>我的券: the signed-in person's coupons, newest first, each with its state as of now.</summary>
internal sealed class CouponWallet(LeadsDbContext db, CouponToken tokens, TimeProvider time)
{
    public async Task<IReadOnlyList<WalletCoupon>> ListAsync(string subjectKey, CancellationToken ct, string? couponId = null)
    {
        var rows = await db.Set<Coupon>().AsNoTracking().Where(c => c.SubjectKey == subjectKey && (couponId == null || c.Id == couponId))
            .Join(db.Set<Campaign>(), c => c.CampaignId, k => k.Id, (c, k) => new { Coupon = c, Campaign = k.Title })
            .OrderByDescending(x => x.Coupon.IssuedAt).Take(200).ToListAsync(ct);
        var prizeIds = rows.Select(r => r.Coupon.PrizeId).OfType<long>().Distinct().ToList();
        var prizes = await db.Set<Prize>().AsNoTracking().Where(p => prizeIds.Contains(p.Id)).ToDictionaryAsync(p => p.Id, p => p.Name, ct);
        var stores = await db.Set<Store>().AsNoTracking().OrderBy(s => s.Code).ToListAsync(ct); // a chain has tens to hundreds
        var now = time.GetUtcNow().UtcDateTime;
        return [.. rows.Select(r => View(r.Coupon, r.Campaign, r.Coupon.PrizeId is { } p ? prizes.GetValueOrDefault(p) : null, stores, now))];
    }

    private WalletCoupon View(Coupon c, string campaign, string? prize, List<Store> stores, DateTime now)
    {
        var state = c.State == CouponStates.Issued && c.ValidUntil <= now ? CouponStates.Expired : c.State; // the nightly job may not have run yet
        var usable = state == CouponStates.Issued && c.ValidFrom <= now;
        var listed = c.StoreList();
        var usableStores = listed.Count == 0 ? stores : stores.Where(s => listed.Contains(s.Code, StringComparer.Ordinal)).ToList();
        return new WalletCoupon(
            c.Id,
            c.Code,
            campaign,
            prize,
            state,
            StateText(state, c, now),
            c.ValidFrom,
            c.ValidUntil,
            CouponTerms.Describe(c.ValidUntil, now),
            [.. usableStores.Select(s => new WalletStore(s.Code, s.Name, s.Address))], listed.Count == 0, c.RedeemHours.Length == 0 ? null : c.RedeemHours,
            c.RedeemedAt, c.RedeemedStore is null ? null : stores.FirstOrDefault(s => s.Code == c.RedeemedStore)?.Name ?? c.RedeemedStore,
            usable ? tokens.Create(c.CodeId, now) : null, usable ? now + CouponToken.RefreshEvery : null);
    }

    private static string StateText(string state, Coupon c, DateTime now) => state switch
    {
        CouponStates.Redeemed => "已使用",
        CouponStates.Expired => "已过期",
        CouponStates.Voided => "已作废",
        _ when c.ValidFrom > now => "未到使用时间",
        _ => "可使用",
    };
}

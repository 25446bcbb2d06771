using Microsoft.EntityFrameworkCore;
using WechatLeads.Server.Campaigns;
using WechatLeads.Server.Data;
using WechatLeads.Server.Leads;

namespace WechatLeads.Server.Coupons;

/// <summary>Coupons and redemptions as store staff see them: campaign and prize by name, store names, the phone masked.</summary>
internal sealed class CouponStaffViews(LeadsDbContext db, PhoneProtector phones, CouponLabels labels, TimeProvider time)
{
    public async Task<CouponForStaff> CouponAsync(Coupon c, CancellationToken ct)
    {
        var campaign = await labels.CampaignTitleAsync(c.CampaignId, ct);
        var prize = await labels.PrizeNameAsync(c.PrizeId, ct);
        var stores = await labels.StoreNamesAsync(ct);
        var storeList = c.StoreList();
        return new CouponForStaff(c.Id, c.Code, campaign, prize, c.State, c.ValidFrom, c.ValidUntil, CouponTerms.Describe(
            c.ValidUntil,
            time.GetUtcNow().UtcDateTime),
            storeList, storeList.Count == 0 ? "全部门店" : string.Join("、", storeList.Select(s => stores.GetValueOrDefault(s, s))),
            await MaskedPhoneAsync(c.LeadId, ct), c.RedeemedAt, c.RedeemedStore, c.RedeemedStore is null ? null : stores.GetValueOrDefault(
                c.RedeemedStore,
                c.RedeemedStore));
    }

    public async Task<RedemptionView?> RedemptionAsync(string id, CancellationToken ct) => (await RedemptionsAsync([id], ct)).SingleOrDefault();

    /// <summary>A redemption just made, from what the request already holds: no read of the rows it wrote.</summary>
    public async Task<RedemptionView> JustRedeemedAsync(Coupon c, RedeemInput input, string redemptionId, DateTime at, CancellationToken ct) =>
        new(redemptionId, c.Id, c.Code, await labels.CampaignTitleAsync(c.CampaignId, ct), await labels.PrizeNameAsync(c.PrizeId, ct), input.Store,
            (await labels.StoreNamesAsync(ct)).GetValueOrDefault(
                input.Store,
                input.Store), at, await MaskedPhoneAsync(c.LeadId, ct), input.OrderId, input.Amount, null);

    public async Task<IReadOnlyList<RedemptionView>> RedemptionsAsync(IReadOnlyList<string> ids, CancellationToken ct)
    {
        var rows = await db.Set<Redemption>().AsNoTracking().Where(r => ids.Contains(r.Id))
            .Join(db.Set<Campaign>(), r => r.CampaignId, c => c.Id, (r, c) => new { r, Campaign = c.Title })
            .GroupJoin(db.Set<Coupon>(), x => x.r.CouponId, c => c.Id, (x, cs) => new { x.r, x.Campaign, cs })
            .SelectMany(x => x.cs.DefaultIfEmpty(), (x, c) => new { x.r, x.Campaign, Coupon = c })
            .ToListAsync(ct);
        var prizeIds = rows.Select(x => x.Coupon?.PrizeId).OfType<long>().Distinct().ToList();
        var prizes = await db.Set<Prize>().AsNoTracking().Where(p => prizeIds.Contains(p.Id)).ToDictionaryAsync(p => p.Id, p => p.Name, ct);
        var stores = await labels.StoreNamesAsync(ct);
        var leadIds = rows.Select(x => x.Coupon?.LeadId).OfType<string>().Distinct().ToList();
        var ciphers = await db.Set<Lead>().AsNoTracking().Where(l => leadIds.Contains(l.Id))
            .Join(db.Set<Person>(), l => l.PersonId, p => p.Id, (l, p) => new { l.Id, p.PhoneCipher }).ToDictionaryAsync(x => x.Id, x => x.PhoneCipher, ct);
        // After the holder's data is erased the redemption stays (the store's record), without coupon or phone.
        return rows.OrderByDescending(x => x.r.CreatedAt).Select(x => new RedemptionView(x.r.Id, x.r.CouponId, x.Coupon?.Code ?? "", x.Campaign,
                x.Coupon?.PrizeId is { } p ? prizes.GetValueOrDefault(p) : null, x.r.Store, stores.GetValueOrDefault(x.r.Store, x.r.Store), x.r.CreatedAt,
                x.Coupon is not null && ciphers.GetValueOrDefault(x.Coupon.LeadId) is { } cipher ? phones.MaskStored(cipher) : null,
                x.r.OrderId, x.r.Amount, x.r.ReversedAt))
            .ToList();
    }

    private async Task<string?> MaskedPhoneAsync(string leadId, CancellationToken ct)
    {
        var cipher = await db.Set<Lead>().AsNoTracking().Where(l => l.Id == leadId)
            .Join(db.Set<Person>(), l => l.PersonId, p => p.Id, (l, p) => p.PhoneCipher).SingleOrDefaultAsync(ct);
        return cipher is null ? null : phones.MaskStored(cipher);
    }
}

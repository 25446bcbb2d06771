using Microsoft.EntityFrameworkCore;
using WechatLeads.Server.Admin;
using WechatLeads.Server.Campaigns;
using WechatLeads.Server.Data;
using WechatLeads.Server.Leads;
using WechatLeads.Server.Platform;
using WechatLeads.Server.Platform.Web;
using WechatLeads.Server.Stores;

namespace WechatLeads.Server.Coupons;

/// <summary>
/// A campaign's coupons for staff: the latest redemptions (masked phones), a lookup by code or coupon id with
/// a button to void an issued coupon, and the CSV export. Only indexed reads: the newest redemptions by
/// (CampaignId, CreatedAt), a coupon by its code or id — never a scan of a million coupons.
/// </summary>
internal static class CouponPages
{
    private const int Recent = 50;

    private sealed record Found(Coupon Coupon, string? PhoneCipher);

    private sealed record RecentRow(Redemption Redemption, string Code, long? PrizeId, string? PhoneCipher);

    public static IEndpointRouteBuilder MapCouponPages(this IEndpointRouteBuilder app)
    {
        app.MapGet("/admin/campaigns/{slug}/coupons", PageAsync).ExcludeFromDescription().RequireAuthorization(AdminPolicies.Staff);
        return app;
    }

    private static async Task<IResult> PageAsync(string slug, string? q, HttpContext http, LeadsDbContext db, PhoneProtector phones, CancellationToken ct)
    {
        var campaign = await db.Set<Campaign>().AsNoTracking().Include(c => c.Prizes).SingleOrDefaultAsync(c => c.Slug == slug, ct);
        if (campaign is null) return CampaignProblems.NotFoundPage(http);
        var prizes = campaign.Prizes.ToDictionary(p => p.Id, p => p.Name);
        var stores = await db.Set<Store>().AsNoTracking().ToDictionaryAsync(s => s.Code, s => s.Name, StringComparer.Ordinal, ct);
        string StoreName(string? code) => code is null ? "" : stores.TryGetValue(code, out var name) ? $"{name}（{code}）" : code;
        string Prize(long? id) => id is { } p ? prizes.GetValueOrDefault(p, "") : "";
        string Phone(string? cipher) => cipher is null ? "（已删除）" : phones.MaskStored(cipher);

        var recent = await (from r in db.Set<Redemption>().AsNoTracking()
                            join c in db.Set<Coupon>() on r.CouponId equals c.Id
                            where r.CampaignId == campaign.Id
                            orderby r.CreatedAt descending
                            select new RecentRow(r, c.Code, c.PrizeId,
                                db.Set<Lead>().Where(l => l.Id == c.LeadId).Join(
                                    db.Set<Person>(),
                                    l => l.PersonId,
                                    p => p.Id,
                                    (l, p) => p.PhoneCipher).FirstOrDefault()))
            .Take(Recent).ToListAsync(ct);
        var query = q?.Trim() ?? "";
        var found = query.Length is 0 or > 64 ? [] : await db.Set<Coupon>().AsNoTracking()
            .Where(c => c.CampaignId == campaign.Id && (c.Code == query || c.Id == query)).Take(20)
            .Select(c =>
                new Found(
                    c,
                    db.Set<Lead>().Where(l => l.Id == c.LeadId).Join(db.Set<Person>(), l => l.PersonId, p => p.Id, (l, p) => p.PhoneCipher).FirstOrDefault()))
            .ToListAsync(ct);

        var recentRows = recent.Select(x =>
            new RedemptionRow(x.Redemption.CreatedAt, StoreName(x.Redemption.Store), x.Code, Prize(x.PrizeId), Phone(x.PhoneCipher),
            x.Redemption.OrderId, x.Redemption.Amount, x.Redemption.RedeemedBy, x.Redemption.Channel == StoreCaller.PosChannel, x.Redemption.ReversedAt))
                .ToList();
        var foundRows = found.Select(f => new FoundCouponRow(f.Coupon.Id, f.Coupon.Code, f.Coupon.State, Prize(f.Coupon.PrizeId), Phone(f.PhoneCipher),
            f.Coupon.IssuedAt, f.Coupon.ValidUntil, Outcome(f.Coupon, StoreName))).ToList();
        return ConsoleLayout.Render<CampaignCouponsPage>(http, new CampaignCouponsView(slug, campaign.Title, query, foundRows, recentRows));
    }

    /// <summary>Where a coupon went; null while it is issued (the page offers to void it).</summary>
    private static string? Outcome(Coupon c, Func<string?, string> storeName) => c.State switch
    {
        CouponStates.Issued => null,
        CouponStates.Redeemed => $"核销于 {Time(c.RedeemedAt)} · {storeName(c.RedeemedStore)}",
        CouponStates.Voided => $"作废于 {Time(c.VoidedAt)} · {c.VoidReason}",
        CouponStates.Expired => $"过期于 {Time(c.ExpiredAt ?? c.ValidUntil)}",
        _ => "",
    };

    private static string Time(DateTime? utc) => utc is { } t ? ChinaTime.Format(t) : "";
}

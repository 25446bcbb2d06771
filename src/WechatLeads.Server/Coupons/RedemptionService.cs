using System.Security.Cryptography;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using WechatLeads.Server.Campaigns;
using WechatLeads.Server.Data;
using WechatLeads.Server.Platform.Web;

namespace WechatLeads.Server.Coupons;

/// <summary>
/// Checking and redeeming coupons for the POS API and the staff page alike. Reads explain; the write
/// decides (<see cref="RedeemWrite"/>): a check that said "usable" a moment ago never makes a second
/// redemption possible.
/// </summary>
internal sealed class RedemptionService(
    LeadsDbContext db, CouponToken tokens, CouponStaffViews views, DurableWriteQueue writes, TimeProvider time, IOptions<CouponOptions> options)
{
    /// <summary>What staff see after scanning or typing, before confirming: usable, or exactly why not.</summary>
    public async Task<CheckOutcome> CheckAsync(StoreCaller caller, RedeemInput input, CancellationToken ct)
    {
        var (coupon, problem) = await FindAsync(caller, input, ct);
        if (coupon is null) return new CheckOutcome.Refused(problem!, null);
        var view = await views.CouponAsync(coupon, ct);
        return RefusalOf(coupon, input.Store, Now) is { } refusal ? new CheckOutcome.Refused(refusal, view) : new CheckOutcome.Usable(view);
    }

    /// <summary>Redeems once: the same (caller, idempotency key) again gets the first answer back.</summary>
    public async Task<RedeemOutcome> RedeemAsync(StoreCaller caller, RedeemInput input, string idempotencyKey, CancellationToken ct)
    {
        var (coupon, problem) = await FindAsync(caller, input, ct);
        var refusal = coupon is null ? problem : RefusalOf(coupon, input.Store, Now);
        // Stores and hours never change on an issued coupon, so refusing on them here holds; state and dates the write re-checks.
        if (coupon is null || (refusal is not null && refusal != RedemptionProblem.AlreadyRedeemed))
        {
            // A retry after the token went stale, the hours closed or the redemption was reversed is still the same
            // request: answer it from the key, as the first time.
            if (await EarlierAsync(caller, idempotencyKey, ct) is { } earlier) return new RedeemOutcome.Redeemed(earlier, Replayed: true);
            return new RedeemOutcome.Refused(refusal!, coupon is null ? null : await views.CouponAsync(coupon, ct));
        }
        var write = new RedeemWrite(coupon, input, caller, idempotencyKey, RequestHash(coupon.Id, input), caller.Ip);
        await writes.SubmitAsync(null, [write], ct);
        switch (write.Result)
        {
            case RedeemWrite.Status.Redeemed:
                Telemetry.ServerMetrics.Redemption();
                return new RedeemOutcome.Redeemed(await views.JustRedeemedAsync(coupon, input, write.RedemptionId!, write.At, ct), Replayed: false);
            case RedeemWrite.Status.Replayed:
                return new RedeemOutcome.Redeemed((await views.RedemptionAsync(write.RedemptionId!, ct))!, Replayed: true);
            case RedeemWrite.Status.KeyReused:
                return new RedeemOutcome.Refused(RedemptionProblem.KeyReused, null);
        }
        // Not redeemable at write time: read it again to say why (another till got there first, it expired…).
        var now = await db.Set<Coupon>().AsNoTracking().SingleAsync(c => c.Id == coupon.Id, ct);
        return new RedeemOutcome.Refused(RefusalOf(now, input.Store, Now) ?? RedemptionProblem.AlreadyRedeemed, await views.CouponAsync(now, ct));
    }

    /// <summary>
    /// Undoes a redemption within <c>Coupons:ReversalWindowMinutes</c>, by an account of the same store. Reversing
    /// again answers as the first time did, with <c>Changed</c> false (nothing to audit twice).
    /// </summary>
    public async Task<(RedemptionView? Reversed, ApiProblem? Problem, bool Changed)> ReverseAsync(StoreCaller caller, string redemptionId, CancellationToken ct)
    {
        var redemption = await db.Set<Redemption>().AsNoTracking().SingleOrDefaultAsync(r => r.Id == redemptionId, ct);
        if (redemption is null || !caller.MayUse(redemption.Store)) return (null, RedemptionProblem.RedemptionUnknown, false);
        var changed = false;
        if (redemption.ReversedAt is null)
        {
            var earliest = Now.AddMinutes(-options.Value.ReversalWindowMinutes);
            if (redemption.CreatedAt < earliest) return (null, RedemptionProblem.ReversalTooLate, false);
            var write = new ReverseWrite(redemption, caller, earliest);
            await writes.SubmitAsync(null, [write], ct);
            changed = write.Reversed;
        }
        var view = await views.RedemptionAsync(redemptionId, ct);
        // A window that closed between the read and the write refuses.
        return view?.ReversedAt is null ? (null, RedemptionProblem.ReversalTooLate, false) : (view, null, changed);
    }

    /// <summary>The store's own redemptions since a moment, newest first (masked phones).</summary>
    public async Task<IReadOnlyList<RedemptionView>> ListAsync(StoreCaller caller, string store, DateTime since, CancellationToken ct)
    {
        if (!caller.MayUse(store)) return [];
        var ids = await db.Set<Redemption>().AsNoTracking().Where(r => r.Store == store && r.CreatedAt >= since)
            .OrderByDescending(r => r.CreatedAt).Select(r => r.Id).Take(100).ToListAsync(ct);
        return await views.RedemptionsAsync(ids, ct);
    }

    private DateTime Now => time.GetUtcNow().UtcDateTime;

    private async Task<RedemptionView?> EarlierAsync(StoreCaller caller, string key, CancellationToken ct)
    {
        var id = await db.Set<Redemption>().AsNoTracking().Where(r => r.RedeemedBy == caller.Name && r.IdempotencyKey == key).Select(r => r.Id)
            .SingleOrDefaultAsync(ct);
        return id is null ? null : await views.RedemptionAsync(id, ct);
    }

    /// <summary>The coupon a scanned token or typed code names, as this caller may see it.</summary>
    private async Task<(Coupon?, ApiProblem?)> FindAsync(StoreCaller caller, RedeemInput input, CancellationToken ct)
    {
        if (!caller.MayUse(input.Store)) return (null, RedemptionProblem.StoreNotYours);
        var text = (input.Token ?? input.Code ?? "").Trim();
        if (CouponToken.LooksLikeToken(text))
        {
            if (tokens.Read(text, Now) is not { } codeId) return (null, RedemptionProblem.TokenStale);
            var byToken = await db.Set<Coupon>().AsNoTracking().SingleOrDefaultAsync(c => c.CodeId == codeId, ct);
            return byToken is null ? (null, RedemptionProblem.Unknown) : (byToken, null);
        }
        if (input.Token is not null) return (null, RedemptionProblem.Unknown); // a "token" that is not one: never read as a code
        // Imported codes of two pools may coincide; then the one usable at this store, or the person shows the QR.
        var byCode = await db.Set<Coupon>().AsNoTracking().Where(c => c.Code == text).OrderBy(c => c.Id).Take(10).ToListAsync(ct);
        if (byCode.Count <= 1) return byCode.Count == 0 ? (null, RedemptionProblem.Unknown) : (byCode[0], null);
        var usable = byCode.Where(c => RefusalOf(c, input.Store, Now) is null).ToList();
        return usable.Count == 1 ? (usable[0], null) : (null, RedemptionProblem.Ambiguous);
    }

    /// <summary>Why this coupon cannot be redeemed at this store now; null when it can.</summary>
    internal static ApiProblem? RefusalOf(Coupon c, string store, DateTime now) => c.State switch
    {
        CouponStates.Redeemed => RedemptionProblem.AlreadyRedeemed,
        CouponStates.Voided => RedemptionProblem.Voided,
        CouponStates.Expired => RedemptionProblem.Expired,
        _ when c.ValidUntil <= now => RedemptionProblem.Expired,
        _ when c.ValidFrom > now => RedemptionProblem.NotYetValid,
        _ when c.Stores.Length > 0 && !c.StoreList().Contains(store, StringComparer.Ordinal) => RedemptionProblem.WrongStore,
        _ when !CouponTerms.WithinHours(c.RedeemHours, now) => RedemptionProblem.OutsideHours,
        _ => null,
    };

    private static string RequestHash(string couponId, RedeemInput input) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(
        $"{couponId}\n{input.Store}\n{input.OrderId}\n{input.Amount?.ToString("0.00", System.Globalization.CultureInfo.InvariantCulture)}")));
}

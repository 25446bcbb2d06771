using WechatLeads.Server.Coupons;
using WechatLeads.Server.H5;
using WechatLeads.Server.Platform.Web;

namespace WechatLeads.Server.Staff;

/// <summary>
/// The staff redeem page: who is signed in at which store, the result of the last step on top (if any), the scan box,
/// and today's redemptions at this store. Every phone number is already masked.
/// </summary>
public sealed record StaffRedeemView(
    string Who, string StoreLabel, string Antiforgery, StaffResult? Top, IReadOnlyList<StaffStoreOption> Stores, string Store,
    IReadOnlyList<StaffTodayRow> Today, int ReversalMinutes)
{
    /// <summary>Inside WeChat, the signed wx.config for the scanner; null elsewhere.</summary>
    public WxConfigView? Wx { get; init; }

    public int TodayCount => Today.Count(r => !r.Reversed);
}

/// <summary>A store the signed-in account may redeem at, for the store picker.</summary>
public sealed record StaffStoreOption(string Code, string Label);

/// <summary>One of today's redemptions; <see cref="Reversible"/> while the reversal window is open.</summary>
public sealed record StaffTodayRow(string Id, string Time, string Title, string Code, string Phone, bool Reversed, bool Reversible);

/// <summary>What a coupon is, as the counter checks it.</summary>
public sealed record StaffCouponFacts(string Title, string? Campaign, string Code, string Validity, string Stores, string Phone)
{
    internal static StaffCouponFacts From(CouponForStaff c) =>
        new(c.Prize ?? c.Campaign, c.Prize is null ? null : c.Campaign, c.Code, c.Validity, c.StoresText, c.MaskedPhone ?? "—");
}

/// <summary>The result of the last step, shown above the scan box.</summary>
public abstract record StaffResult;

/// <summary>A plain message: the form was empty or expired.</summary>
public sealed record StaffMessage(string Text) : StaffResult;

/// <summary>The coupon can be redeemed here and now: what it is, and the big button with a one-time key.</summary>
public sealed record StaffUsable(StaffCouponFacts Facts, string Typed, string Store, string Key) : StaffResult;

/// <summary>Why not, precisely: the problem's title, and for a used coupon when and where.</summary>
public sealed record StaffRefusal(string Title, string? Detail, StaffCouponFacts? Facts) : StaffResult
{
    internal static StaffRefusal From(ApiProblem problem, CouponForStaff? coupon) =>
        // The same particulars the POS API sends beside the problem.
        new(problem.Title, RedemptionProblem.Detail(problem, coupon), coupon is null ? null : StaffCouponFacts.From(coupon));
}

/// <summary>Redeemed (or the same confirm sent again, <see cref="Replayed"/>).</summary>
public sealed record StaffRedeemed(string Title, string Code, string At, string StoreName, string Store, string Phone, bool Replayed) : StaffResult
{
    internal static StaffRedeemed From(RedemptionView r, bool replayed) => new(r.Prize ?? r.Campaign, r.Code,
        StaffLayout.Beijing(r.RedeemedAt, "yyyy-MM-dd HH:mm:ss"), r.StoreName, r.Store, r.MaskedPhone ?? "—", replayed);
}

/// <summary>A redemption undone: the coupon is usable again.</summary>
public sealed record StaffReversed(string Title, string Code) : StaffResult;

/// <summary>The staff sign-in form.</summary>
public sealed record StaffLoginView(string Antiforgery, string ReturnUrl, string? Error);

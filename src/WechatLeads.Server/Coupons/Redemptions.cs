using WechatLeads.Server.Platform.Web;

namespace WechatLeads.Server.Coupons;

/// <summary>Who is redeeming: a store account (staff page) or a till's API key, and the stores it is bound to.</summary>
internal sealed record StoreCaller(string Name, IReadOnlyList<string> Stores, string Channel, string? Ip = null)
{
    public const string PosChannel = "pos";
    public const string StaffPageChannel = "staff";

    public static StoreCaller From(System.Security.Claims.ClaimsPrincipal user, string channel, string? ip = null) =>
        new(user.Identity?.Name ?? "", [.. user.FindAll(Platform.Web.AdminRoles.StoreClaim).Select(c => c.Value)], channel, ip);

    public static StoreCaller From(HttpContext http, string channel) => From(http.User, channel, http.Connection.RemoteIpAddress?.ToString());

    public bool MayUse(string store) => Stores.Contains(store, StringComparer.Ordinal);
}

/// <summary>What the till or the staff page sends: the scanned token or the typed code, and the store.</summary>
internal sealed record RedeemInput(string? Token, string? Code, string Store, string? OrderId = null, decimal? Amount = null);

/// <summary>A coupon as staff see it before and after redeeming: never the full phone number.</summary>
internal sealed record CouponForStaff(
    string CouponId, string Code, string Campaign, string? Prize, string State, DateTime ValidFrom, DateTime ValidUntil, string Validity,
    IReadOnlyList<string> Stores, string StoresText, string? MaskedPhone, DateTime? RedeemedAt, string? RedeemedStore, string? RedeemedStoreName);

/// <summary>A redemption as the till gets it back; the same body for a replay of the same request.</summary>
internal sealed record RedemptionView(
    string Id, string CouponId, string Code, string Campaign, string? Prize, string Store, string StoreName, DateTime RedeemedAt,
    string? MaskedPhone, string? OrderId, decimal? Amount, DateTime? ReversedAt)
{
    // The first answer is built from the request, a replay from the stored row: both in the form the database
    // keeps (PostgreSQL: microseconds, numeric(12,2)), so the two are byte for byte the same.
    public DateTime RedeemedAt { get; init; } = new(RedeemedAt.Ticks - RedeemedAt.Ticks % 10, DateTimeKind.Utc);
    public decimal? Amount { get; init; } = Amount is { } a ? decimal.Round(a, 2) + 0.00m : null;
}

internal abstract record RedeemOutcome
{
    public sealed record Redeemed(RedemptionView Redemption, bool Replayed) : RedeemOutcome;
    public sealed record Refused(ApiProblem Problem, CouponForStaff? Coupon) : RedeemOutcome;
}

internal abstract record CheckOutcome
{
    public sealed record Usable(CouponForStaff Coupon) : CheckOutcome;
    public sealed record Refused(ApiProblem Problem, CouponForStaff? Coupon) : CheckOutcome;
}

namespace WechatLeads.Server.Coupons;

/// <summary>The <c>Coupons</c> section.</summary>
internal sealed class CouponOptions
{
    public const string Section = "Coupons";

    /// <summary>How long after a redemption the same store may undo it (a mistaken scan at the till).</summary>
    public int ReversalWindowMinutes { get; set; } = 30;

    /// <summary>How many coupons the nightly expiry changes per statement.</summary>
    public int ExpiryBatchSize { get; set; } = 1000;
}

namespace WechatLeads.Server.Coupons;

/// <summary>
/// The coupon statements run inside the group-commit writer. Every state change is conditional on the
/// state it leaves, so of two tills (or instances) racing for one coupon exactly one update matches.
/// </summary>
internal static class CouponSql
{
    /// <summary>Issued with its participation, in the same savepoint: a refused participation leaves no coupon.</summary>
    public const string Issue =
        "INSERT INTO \"Coupons\" (\"Id\", \"CampaignId\", \"PrizeId\", \"LeadId\", \"SubjectKey\", \"CodeId\", \"Code\", \"State\", \"IssuedAt\", " +
        "\"ValidFrom\", \"ValidUntil\", \"Stores\", \"RedeemHours\") VALUES (@p0, @p1, @p2, @p3, @p4, @p5, @p6, @p7, @p8, @p9, @p10, @p11, @p12)";
}

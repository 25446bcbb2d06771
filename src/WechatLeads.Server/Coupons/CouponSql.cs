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

    /// <summary>The one statement that redeems: only an issued coupon inside its validity matches.</summary>
    public const string Redeem =
        "UPDATE \"Coupons\" SET \"State\" = 'redeemed', \"RedeemedAt\" = @p1, \"RedeemedStore\" = @p2, \"RedemptionId\" = @p3 " +
        "WHERE \"Id\" = @p0 AND \"State\" = 'issued' AND \"ValidFrom\" <= @p1 AND \"ValidUntil\" > @p1";

    public const string InsertRedemption =
        "INSERT INTO \"Redemptions\" (\"Id\", \"CouponId\", \"CampaignId\", \"Store\", \"RedeemedBy\", \"Channel\", \"OrderId\", \"Amount\", " +
        "\"IdempotencyKey\", \"RequestHash\", \"CreatedAt\", \"Ip\") VALUES (@p0, @p1, @p2, @p3, @p4, @p5, @p6, @p7, @p8, @p9, @p10, @p11)";

    public const string FindByIdempotencyKey =
        "SELECT \"Id\", \"RequestHash\" FROM \"Redemptions\" WHERE \"RedeemedBy\" = @p0 AND \"IdempotencyKey\" = @p1";

    /// <summary>Marks a redemption reversed, once, and only inside the window (@p3 = the earliest creation time still reversible).</summary>
    public const string Reverse =
        "UPDATE \"Redemptions\" SET \"ReversedAt\" = @p1, \"ReversedBy\" = @p2 WHERE \"Id\" = @p0 AND \"ReversedAt\" IS NULL AND \"CreatedAt\" >= @p3";

    /// <summary>Puts the coupon back, only if this redemption is still the one it records.</summary>
    public const string Unredeem =
        "UPDATE \"Coupons\" SET \"State\" = 'issued', \"RedeemedAt\" = NULL, \"RedeemedStore\" = NULL, \"RedemptionId\" = NULL " +
        "WHERE \"Id\" = @p0 AND \"RedemptionId\" = @p1 AND \"State\" = 'redeemed'";
}

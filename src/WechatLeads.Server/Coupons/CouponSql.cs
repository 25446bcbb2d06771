namespace WechatLeads.Server.Coupons;

/// <summary>
/// The coupon statements run inside the group-commit writer. Every state change is conditional on the
/// state it leaves, so of two tills (or instances) racing for one coupon exactly one update matches.
/// </summary>
internal static class CouponSql
{
    /// <summary>Issued with its participation, in the same savepoint: a refused participation leaves no coupon.</summary>
    public const string Issue =
        """
        INSERT INTO "Coupons" ("Id", "CampaignId", "PrizeId", "LeadId", "SubjectKey", "CodeId", "Code", "State", "IssuedAt",
            "ValidFrom", "ValidUntil", "Stores", "RedeemHours")
        VALUES (@Id, @CampaignId, @PrizeId, @LeadId, @SubjectKey, @CodeId, @Code, @State, @IssuedAt,
            @ValidFrom, @ValidUntil, @Stores, @RedeemHours)
        """;

    /// <summary>The one statement that redeems: only an issued coupon inside its validity matches.</summary>
    public const string Redeem =
        """
        UPDATE "Coupons" SET "State" = 'redeemed', "RedeemedAt" = @At, "RedeemedStore" = @Store, "RedemptionId" = @RedemptionId
        WHERE "Id" = @CouponId AND "State" = 'issued' AND "ValidFrom" <= @At AND "ValidUntil" > @At
        """;

    public const string InsertRedemption =
        """
        INSERT INTO "Redemptions" ("Id", "CouponId", "CampaignId", "Store", "RedeemedBy", "Channel", "OrderId", "Amount",
            "IdempotencyKey", "RequestHash", "CreatedAt", "Ip")
        VALUES (@Id, @CouponId, @CampaignId, @Store, @RedeemedBy, @Channel, @OrderId, @Amount,
            @IdempotencyKey, @RequestHash, @CreatedAt, @Ip)
        """;

    public const string FindByIdempotencyKey =
        """SELECT "Id", "RequestHash" FROM "Redemptions" WHERE "RedeemedBy" = @RedeemedBy AND "IdempotencyKey" = @IdempotencyKey""";

    /// <summary>Marks a redemption reversed, once, and only inside the window (@Earliest = the earliest creation time still reversible).</summary>
    public const string Reverse =
        """
        UPDATE "Redemptions" SET "ReversedAt" = @At, "ReversedBy" = @By
        WHERE "Id" = @RedemptionId AND "ReversedAt" IS NULL AND "CreatedAt" >= @Earliest
        """;

    /// <summary>Puts the coupon back, only if this redemption is still the one it records.</summary>
    public const string Unredeem =
        """
        UPDATE "Coupons" SET "State" = 'issued', "RedeemedAt" = NULL, "RedeemedStore" = NULL, "RedemptionId" = NULL
        WHERE "Id" = @CouponId AND "RedemptionId" = @RedemptionId AND "State" = 'redeemed'
        """;
}

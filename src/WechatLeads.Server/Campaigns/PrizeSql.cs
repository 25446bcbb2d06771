namespace WechatLeads.Server.Campaigns;

/// <summary>
/// How a participation takes what a campaign gives away — a prize from its inventory, a code from its pool —
/// inside the group-commit writer. Each statement is conditional on what is left, so the database, not the
/// caller, decides who gets the last one, across racing requests and instances.
/// </summary>
internal static class PrizeSql
{
    public const string TakePrize = """UPDATE "Prizes" SET "Remaining" = "Remaining" - 1 WHERE "Id" = @PrizeId AND "Remaining" > 0""";

    public const string ReturnPrize = """UPDATE "Prizes" SET "Remaining" = "Remaining" + 1 WHERE "Id" = @PrizeId""";

    public const string ClaimCode =
        """
        UPDATE "CouponCodes" SET "ParticipationId" = @ParticipationId, "AssignedAt" = @AssignedAt
        WHERE "Id" = (SELECT "Id" FROM "CouponCodes" WHERE "PoolId" = @PoolId AND "ParticipationId" IS NULL AND "Id" > @After ORDER BY "Id" LIMIT 1)
        AND "ParticipationId" IS NULL RETURNING "Id", "Code"
        """;

    /// <summary>
    /// PostgreSQL: the free code is locked as it is chosen, and codes another instance has just locked are
    /// skipped rather than waited for — no queue behind one row, no deadlock with the prize row.
    /// </summary>
    public const string ClaimCodeSkipLocked =
        """
        UPDATE "CouponCodes" SET "ParticipationId" = @ParticipationId, "AssignedAt" = @AssignedAt
        WHERE "Id" = (
            SELECT "Id" FROM "CouponCodes" WHERE "PoolId" = @PoolId AND "ParticipationId" IS NULL AND "Id" > @After
            ORDER BY "Id" LIMIT 1 FOR UPDATE SKIP LOCKED)
        AND "ParticipationId" IS NULL RETURNING "Id", "Code"
        """;

    public const string AnyFreeCode = """SELECT "Id" FROM "CouponCodes" WHERE "PoolId" = @PoolId AND "ParticipationId" IS NULL LIMIT 1""";

    /// <summary>Takes one of the prize while fewer than @Released (released by now) have been won.</summary>
    public const string TakeReleased =
        """
        UPDATE "Prizes" SET "Remaining" = "Remaining" - 1
        WHERE "Id" = @PrizeId AND "Remaining" > 0 AND "Inventory" - "Remaining" < @Released
        """;
}

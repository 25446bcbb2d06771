namespace WechatLeads.Server.Pacing;

/// <summary>
/// Paced prizes in the participation's savepoint. With carry-over, the prize row's own conditional update
/// (<see cref="Campaigns.PrizeSql.TakeReleased"/>) holds the cap: won so far (<c>Inventory - Remaining</c>)
/// below what the schedule has released. Without,
/// a counter per (prize, period) moves only while under the period's quantity. Either way the database
/// decides, so racing draws and several instances never give away more than scheduled.
/// </summary>
internal static class PaceSql
{
    /// <summary>Counts a draw in @Period while under its @Quantity: rows affected 1 = this draw is within it.</summary>
    public const string CountInPeriod =
        """
        INSERT INTO "PrizeReleases" ("PrizeId", "Period", "Taken") VALUES (@PrizeId, @Period, 1)
        ON CONFLICT ("PrizeId", "Period") DO UPDATE SET "Taken" = "PrizeReleases"."Taken" + 1 WHERE "PrizeReleases"."Taken" < @Quantity
        """;

    /// <summary>Gives a period's count back when the prize turned out not to be issuable (no code left).</summary>
    public const string UncountInPeriod =
        """UPDATE "PrizeReleases" SET "Taken" = "Taken" - 1 WHERE "PrizeId" = @PrizeId AND "Period" = @Period AND "Taken" > 0""";
}

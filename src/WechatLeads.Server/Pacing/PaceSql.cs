namespace WechatLeads.Server.Pacing;

/// <summary>
/// Paced prizes in the participation's savepoint. With carry-over, the prize row's own conditional update
/// holds the cap: won so far (<c>Inventory - Remaining</c>) below what the schedule has released. Without,
/// a counter per (prize, period) moves only while under the period's quantity. Either way the database
/// decides, so racing draws and several instances never give away more than scheduled.
/// </summary>
internal static class PaceSql
{
    /// <summary>@p1 = released by now.</summary>
    public const string TakeReleased =
        "UPDATE \"Prizes\" SET \"Remaining\" = \"Remaining\" - 1 WHERE \"Id\" = @p0 AND \"Remaining\" > 0 AND \"Inventory\" - \"Remaining\" < @p1";

    /// <summary>@p1 = the period, @p2 = its quantity: rows affected 1 = this draw is within it.</summary>
    public const string CountInPeriod =
        "INSERT INTO \"PrizeReleases\" (\"PrizeId\", \"Period\", \"Taken\") VALUES (@p0, @p1, 1) " +
        "ON CONFLICT (\"PrizeId\", \"Period\") DO UPDATE SET \"Taken\" = \"PrizeReleases\".\"Taken\" + 1 WHERE \"PrizeReleases\".\"Taken\" < @p2";

    /// <summary>Gives a period's count back when the prize turned out not to be issuable (no code left).</summary>
    public const string UncountInPeriod = "UPDATE \"PrizeReleases\" SET \"Taken\" = \"Taken\" - 1 WHERE \"PrizeId\" = @p0 AND \"Period\" = @p1 AND \"Taken\" > 0";
}

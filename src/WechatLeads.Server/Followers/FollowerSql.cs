using WechatLeads.Server.Data;

namespace WechatLeads.Server.Followers;

/// <summary>
/// The statements that change a follower's marketing flag inside the group-commit writer's transaction:
/// set by an opt-out, cleared by an explicit new marketing consent (never by a keyword, never silently).
/// </summary>
internal static class FollowerSql
{
    /// <summary>
    /// Inserts followers opted out, or flips existing ones; returns the openids that were not opted out before.
    /// Columns per row: OpenId, Subscribed, MarketingOptOut, OptOutAt, OptOutChannel, CreatedAt.
    /// </summary>
    public static readonly MultiRowStatement MarkOptedOut = new(
        "INSERT INTO \"Followers\" (\"OpenId\", \"Subscribed\", \"MarketingOptOut\", \"OptOutAt\", \"OptOutChannel\", \"CreatedAt\") VALUES", 6,
        "ON CONFLICT (\"OpenId\") DO UPDATE SET \"MarketingOptOut\" = excluded.\"MarketingOptOut\", \"OptOutAt\" = excluded.\"OptOutAt\", " +
        "\"OptOutChannel\" = excluded.\"OptOutChannel\" WHERE NOT \"Followers\".\"MarketingOptOut\" RETURNING \"OpenId\"");

    private const string ClearOptOutSql = """UPDATE "Followers" SET "MarketingOptOut" = @MarketingOptOut WHERE "OpenId" = @OpenId""";

    /// <summary>Clears the opt-out of <paramref name="openId"/>, in the writer's transaction (deferred: nothing waits on it).</summary>
    public static void ClearOptOut(WriteBatch batch, string openId) =>
        batch.Defer(ClearOptOutSql, new { OpenId = openId, MarketingOptOut = false });
}

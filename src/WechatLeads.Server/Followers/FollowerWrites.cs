using WechatLeads.Server.Data;
using WechatLeads.Server.Jobs;

namespace WechatLeads.Server.Followers;

/// <summary>A follow: the follower row exists and is subscribed, with the QR scene it came from.</summary>
internal sealed class RecordSubscribe(string openId, string? scene) : IDurableWrite
{
    private const string Sql =
        "INSERT INTO \"Followers\" (\"OpenId\", \"Subscribed\", \"SubscribedAt\", \"SubscribeScene\", \"MarketingOptOut\", \"CreatedAt\") " +
        "VALUES (@p0, @p1, @p2, @p3, @p4, @p2) ON CONFLICT (\"OpenId\") DO UPDATE SET " +
        "\"Subscribed\" = excluded.\"Subscribed\", \"SubscribedAt\" = excluded.\"SubscribedAt\", " +
        "\"SubscribeScene\" = excluded.\"SubscribeScene\", \"UnsubscribedAt\" = NULL";

    public Task ApplyAsync(WriteBatch batch, CancellationToken cancellationToken) =>
        batch.ExecuteAsync(Sql, cancellationToken, openId, true, batch.Now, scene, false);
}

/// <summary>
/// An unfollow: marked at once (so nothing more is sent), erased by a job (WeChat's rules require deleting
/// the user's information on unsubscribe).
/// </summary>
internal sealed class RecordUnsubscribe(string openId) : IDurableWrite
{
    private const string Sql =
        "UPDATE \"Followers\" SET \"Subscribed\" = @p1, \"UnsubscribedAt\" = @p2 WHERE \"OpenId\" = @p0";

    public async Task ApplyAsync(WriteBatch batch, CancellationToken cancellationToken)
    {
        await batch.ExecuteAsync(Sql, cancellationToken, openId, false, batch.Now);
        await new OutboxWrite(EraseFollowerData.Kind, new EraseFollowerData.Payload(openId, batch.Now)).ApplyAsync(batch, cancellationToken);
    }
}

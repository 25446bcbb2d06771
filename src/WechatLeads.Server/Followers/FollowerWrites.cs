using WechatLeads.Server.Data;
using WechatLeads.Server.Jobs;

namespace WechatLeads.Server.Followers;

/// <summary>A follow: the follower row exists and is subscribed, with the QR scene it came from.</summary>
internal sealed class RecordSubscribe(string openId, string? scene) : IDurableWrite
{
    private const string Sql =
        """
        INSERT INTO "Followers" ("OpenId", "Subscribed", "SubscribedAt", "SubscribeScene", "MarketingOptOut", "CreatedAt")
        VALUES (@OpenId, TRUE, @At, @Scene, FALSE, @At)
        ON CONFLICT ("OpenId") DO UPDATE SET "Subscribed" = excluded."Subscribed", "SubscribedAt" = excluded."SubscribedAt",
            "SubscribeScene" = excluded."SubscribeScene", "UnsubscribedAt" = NULL
        """;

    public Task ApplyAsync(WriteBatch batch, CancellationToken cancellationToken) =>
        batch.ExecuteAsync(Sql, new { OpenId = openId, At = batch.Now, Scene = scene }, cancellationToken);
}

/// <summary>
/// An unfollow: marked at once (so nothing more is sent), erased by a job (WeChat's rules require deleting
/// the user's information on unsubscribe).
/// </summary>
internal sealed class RecordUnsubscribe(string openId) : IDurableWrite
{
    private const string Sql =
        """UPDATE "Followers" SET "Subscribed" = FALSE, "UnsubscribedAt" = @At WHERE "OpenId" = @OpenId""";

    public async Task ApplyAsync(WriteBatch batch, CancellationToken cancellationToken)
    {
        await batch.ExecuteAsync(Sql, new { OpenId = openId, At = batch.Now }, cancellationToken);
        await new OutboxWrite(EraseFollowerData.Kind, new EraseFollowerData.Payload(openId, batch.Now)).ApplyAsync(batch, cancellationToken);
    }
}

using Microsoft.EntityFrameworkCore;
using WechatLeads.Server.Data;
using WechatLeads.Server.Followers;
using WechatLeads.Server.Messaging;
using WechatLeads.Server.Platform;
using WechatLeads.Wechat.Messages;

namespace WechatLeads.Server.Campaigns;

/// <summary>
/// A scan of a store QR code: a follower's SCAN, or a follow through the code (subscribe with
/// <c>qrscene_</c>). The reply is the campaign link carrying the store, so the participation is attributed.
/// Other scenes fall through to the ordinary handlers.
/// </summary>
internal sealed class StoreScanHandler(IServiceScopeFactory scopes, PublicUrls urls) : IWechatMessageHandler
{
    public async ValueTask<HandlerResult?> HandleAsync(InboundMessage message, CancellationToken cancellationToken)
    {
        var scene = message switch
        {
            SubscribeEvent s => s.Scene,
            ScanEvent s => s.EventKey,
            _ => null,
        };
        if (string.IsNullOrEmpty(scene) || !scene.StartsWith("st_", StringComparison.Ordinal)) return null;

        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<LeadsDbContext>();
        var target = await db.Set<StoreQrCode>().AsNoTracking().Where(q => q.Scene == scene)
            .Join(db.Set<Campaign>(), q => q.CampaignId, c => c.Id, (q, c) => new { q.StoreName, c.Slug, c.Title })
            .SingleOrDefaultAsync(cancellationToken);
        if (target is null) return null;

        var link = urls.Absolute($"/h5/c/{target.Slug}?src=store&store={Uri.EscapeDataString(scene)}");
        var reply = new TextReply($"欢迎光临{target.StoreName}！{target.Title} → {link}\n参与无需关注或分享；回复 TD 可退订营销消息。");
        return message is SubscribeEvent subscribe
            ? new HandlerResult(reply, [new RecordSubscribe(subscribe.FromUserName, scene)])
            : HandlerResult.ReplyWith(reply);
    }
}

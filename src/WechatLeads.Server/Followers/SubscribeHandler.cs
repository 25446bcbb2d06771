using WechatLeads.Server.Messaging;
using WechatLeads.Server.Platform;
using WechatLeads.Wechat.Messages;

namespace WechatLeads.Server.Followers;

/// <summary>
/// A new follower gets the welcome text pointing to the current promotion as the passive reply — free,
/// immediate, and inside the 5-second deadline. The follow itself is recorded durably.
/// </summary>
internal sealed class SubscribeHandler(ReplyTexts texts, PublicUrls urls) : IWechatMessageHandler
{
    public ValueTask<HandlerResult?> HandleAsync(InboundMessage message, CancellationToken cancellationToken)
    {
        var subscribe = (SubscribeEvent)message;
        var promotion = urls.Expand(texts.CurrentPromotion);
        var welcome = urls.Expand(texts.Welcome).Replace("{promotion}", promotion, StringComparison.Ordinal);
        return ValueTask.FromResult<HandlerResult?>(new HandlerResult(new TextReply(welcome), [new RecordSubscribe(subscribe.FromUserName, subscribe.Scene)]));
    }
}

internal sealed class UnfollowHandler : IWechatMessageHandler
{
    public ValueTask<HandlerResult?> HandleAsync(InboundMessage message, CancellationToken cancellationToken) =>
        ValueTask.FromResult<HandlerResult?>(HandlerResult.Persist(new RecordUnsubscribe(message.FromUserName)));
}

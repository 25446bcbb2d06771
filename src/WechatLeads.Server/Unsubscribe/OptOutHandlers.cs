using WechatLeads.Server.Messaging;
using WechatLeads.Server.Security;
using WechatLeads.Wechat.Messages;

namespace WechatLeads.Server.Unsubscribe;

/// <summary>The menu's 取消订阅 button (CLICK, key UNSUBSCRIBE). No passive reply: the confirmation comes from the job.</summary>
internal sealed class UnsubscribeClickHandler(SubjectHasher hasher) : IWechatMessageHandler
{
    public const string MenuKey = Menu.MenuKeys.Unsubscribe;

    public ValueTask<HandlerResult?> HandleAsync(InboundMessage message, CancellationToken cancellationToken) =>
        ValueTask.FromResult<HandlerResult?>(HandlerResult.Persist(
            new OptOutWrite(message.FromUserName, hasher.HashOpenId(message.FromUserName), OptOutChannels.MenuClick)));
}

/// <summary>A text reply meaning TD. Other text is passed on to whatever else handles text.</summary>
internal sealed class OptOutTextHandler(SubjectHasher hasher) : IWechatMessageHandler
{
    public ValueTask<HandlerResult?> HandleAsync(InboundMessage message, CancellationToken cancellationToken)
    {
        if (message is not TextMessage text || !OptOutText.IsOptOut(text.Content)) return ValueTask.FromResult<HandlerResult?>(null);
        return ValueTask.FromResult<HandlerResult?>(HandlerResult.Persist(
            new OptOutWrite(message.FromUserName, hasher.HashOpenId(message.FromUserName), OptOutChannels.TextReply)));
    }
}

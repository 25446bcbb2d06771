using WechatLeads.Wechat.Messages;

namespace WechatLeads.Server.Messaging;

/// <summary>
/// Finds the handlers for a push, most specific first, and asks each until one takes it. Features plug in
/// through <see cref="WechatRoutingServiceCollectionExtensions.AddWechatHandler{THandler}"/>; the webhook
/// itself never changes. A push nobody takes is acknowledged with <c>success</c>.
/// </summary>
internal sealed class WechatMessageRouter(IEnumerable<WechatRouteRegistration> registrations, IServiceProvider services)
{
    private readonly WechatRouteRegistration[] _routes = registrations
        .OrderByDescending(r => r.Route.Specificity).ThenByDescending(r => r.Priority).ToArray();

    public async ValueTask<HandlerResult> RouteAsync(InboundMessage message, PushSources source, CancellationToken cancellationToken)
    {
        foreach (var registration in _routes)
        {
            if ((registration.Sources & source) == 0 || !Matches(registration.Route, message)) continue;
            var handler = (IWechatMessageHandler)services.GetRequiredService(registration.HandlerType);
            var result = await handler.HandleAsync(message, cancellationToken);
            if (result is not null) return result;
        }
        return HandlerResult.Nothing;
    }

    private static bool Matches(WechatRoute route, InboundMessage message)
    {
        if (!route.MsgType.Equals(message.MsgType, StringComparison.OrdinalIgnoreCase)) return false;
        if (route.Event is null) return true;
        if (message is not EventMessage e || !route.Event.Equals(e.Event, StringComparison.OrdinalIgnoreCase)) return false;
        return route.EventKey is null || route.EventKey.Equals(e.EventKey, StringComparison.Ordinal);
    }
}

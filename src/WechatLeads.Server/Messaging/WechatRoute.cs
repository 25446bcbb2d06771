using Microsoft.Extensions.DependencyInjection.Extensions;

namespace WechatLeads.Server.Messaging;

/// <summary>
/// Which pushes a handler wants: a message type (<c>text</c>, <c>image</c>…), an event (<c>subscribe</c>,
/// <c>CLICK</c>…), or an event with one key (<c>CLICK</c> + <c>UNSUBSCRIBE</c>). Matching ignores case,
/// because WeChat spells events both ways (<c>subscribe</c>, <c>SCAN</c>).
/// </summary>
internal sealed record WechatRoute(string MsgType, string? Event = null, string? EventKey = null)
{
    public static WechatRoute Message(string msgType) => new(msgType);

    public static WechatRoute OnEvent(string @event, string? eventKey = null) => new("event", @event, eventKey);

    /// <summary>Higher runs first: an exact event key beats a bare event, which beats a message type.</summary>
    internal int Specificity => EventKey is not null ? 2 : Event is not null ? 1 : 0;
}

internal sealed record WechatRouteRegistration(WechatRoute Route, Type HandlerType, int Priority, PushSources Sources);

/// <summary>Which push URL a push came in on: the Official Account's <c>/wechat</c>, or the mini-program's.</summary>
[Flags]
internal enum PushSources
{
    OfficialAccount = 1,
    MiniProgram = 2,
    Both = OfficialAccount | MiniProgram,
}

internal static class WechatRoutingServiceCollectionExtensions
{
    /// <summary>
    /// Registers <typeparamref name="THandler"/> (a singleton) for <paramref name="route"/> on the push URLs in
    /// <paramref name="sources"/> (the Official Account's unless said otherwise: a mini-program's text message is
    /// not a reply to the account). Among equally specific routes, a higher <paramref name="priority"/> is asked first.
    /// </summary>
    public static IServiceCollection AddWechatHandler<THandler>(this IServiceCollection services, WechatRoute route, int priority = 0,
        PushSources sources = PushSources.OfficialAccount)
        where THandler : class, IWechatMessageHandler
    {
        services.AddSingleton(new WechatRouteRegistration(route, typeof(THandler), priority, sources));
        services.TryAddSingleton<THandler>();
        return services;
    }
}

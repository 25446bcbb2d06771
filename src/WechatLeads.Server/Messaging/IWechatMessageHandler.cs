using WechatLeads.Server.Data;
using WechatLeads.Wechat.Messages;

namespace WechatLeads.Server.Messaging;

/// <summary>
/// Handles pushes of the routes it is registered for. It runs before the push is known to be new, so it
/// must not act on the world: it returns the writes to make durable and the reply to send, and the
/// webhook commits them together with the de-duplication receipt (or drops them for a retry).
/// Return null to pass the push on to the next handler on the route.
/// </summary>
internal interface IWechatMessageHandler
{
    ValueTask<HandlerResult?> HandleAsync(InboundMessage message, CancellationToken cancellationToken);
}

internal sealed record HandlerResult(ReplyMessage? Reply, IReadOnlyList<IDurableWrite> Writes)
{
    public static readonly HandlerResult Nothing = new(null, []);

    public static HandlerResult ReplyWith(ReplyMessage reply) => new(reply, []);

    public static HandlerResult Persist(params IDurableWrite[] writes) => new(null, writes);
}

using System.Globalization;
using Microsoft.Extensions.Options;
using WechatLeads.Server.Data;
using WechatLeads.Server.Messaging;
using WechatLeads.Server.Security;
using WechatLeads.Wechat.Messages;

namespace WechatLeads.Server.SubscribeMessages;

/// <summary>
/// The mini-program's 订阅消息 pushes: popup answers go to the grant ledger, a template turned off voids its open
/// grants, and sent events report delivery. Committed with the push's de-duplication receipt, like every push.
/// </summary>
internal sealed class SubscribeEventHandler(SubjectHasher hasher, IOptionsMonitor<SubscribeMessageOptions> options) : IWechatMessageHandler
{
    public ValueTask<HandlerResult?> HandleAsync(InboundMessage message, CancellationToken cancellationToken)
    {
        if (message is not SubscribeMessageEvent e) return ValueTask.FromResult<HandlerResult?>(null);
        var openId = e.FromUserName;
        if (!SubscriptionEndpoints.LooksLikeOpenId(openId)) return ValueTask.FromResult<HandlerResult?>(HandlerResult.Nothing);
        var subject = hasher.HashOpenId(openId);
        var writes = new List<IDurableWrite>();
        foreach (var (templateId, status, msgId, errorCode) in e.Templates)
        {
            if (e.Event == SubscribeMessageEvent.Sent)
            {
                if (long.TryParse(msgId, NumberStyles.None, CultureInfo.InvariantCulture, out var id))
                    writes.Add(new RecordSubscribeDelivery(id, errorCode is "" or "0" ? status : $"{errorCode} {status}"));
                continue;
            }
            if (templateId.Length is 0 or > 64) continue;
            var answer = status.ToLowerInvariant();
            if (e.Event == SubscribeMessageEvent.Change && answer == SubscriptionStatuses.Reject)
                writes.Add(new RecordSubscriptionTurnedOff(subject, openId, templateId));
            else if (SubscriptionStatuses.All.Contains(answer))
                writes.Add(new RecordSubscriptionAnswer(subject, openId, templateId, answer, SubscriptionSources.Push, options.CurrentValue.MaxOpenGrants));
        }
        return ValueTask.FromResult<HandlerResult?>(HandlerResult.Persist([.. writes]));
    }
}

using Microsoft.EntityFrameworkCore;
using WechatLeads.Server.Data;
using WechatLeads.Server.Followers;
using WechatLeads.Server.Messaging;
using WechatLeads.Server.Platform;
using WechatLeads.Wechat.Messages;

namespace WechatLeads.Server.KeywordReplies;

/// <summary>
/// Answers a follower's text message with the first matching keyword reply (exact rules first), else the default
/// reply — as the passive reply of the push itself, inside WeChat's five seconds, so it spends nothing of the
/// customer-service window. Registered after the opt-out handler: TD and the other opt-out words always win.
/// A promotional reply is never sent to someone who opted out of marketing; the next rule (or the default) answers.
/// </summary>
internal sealed class KeywordReplyHandler(KeywordReplyBook book, IServiceScopeFactory scopes, PublicUrls urls) : IWechatMessageHandler
{
    public async ValueTask<HandlerResult?> HandleAsync(InboundMessage message, CancellationToken ct)
    {
        if (message is not TextMessage text) return null;
        var replies = await book.CurrentAsync(ct);
        var content = KeywordReply.Normalise(text.Content);
        bool? optedOut = null;
        async Task<bool> AllowedAsync(KeywordReply reply)
        {
            if (!reply.Promotional) return true;
            optedOut ??= await OptedOutAsync(message.FromUserName, ct);
            return optedOut == false;
        }
        foreach (var rule in replies.Rules)
        {
            var matches = rule.Reply.Match == KeywordMatches.Exact
                ? rule.Keywords.Any(k => k == content)
                : rule.Keywords.Any(k => content.Contains(k, StringComparison.Ordinal));
            if (matches && await AllowedAsync(rule.Reply)) return HandlerResult.ReplyWith(Build(rule.Reply, replies));
        }
        return replies.Default is { } d && await AllowedAsync(d.Reply) ? HandlerResult.ReplyWith(Build(d.Reply, replies)) : HandlerResult.Nothing;
    }

    private async Task<bool> OptedOutAsync(string openId, CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<LeadsDbContext>().Set<Follower>().AnyAsync(f => f.OpenId == openId && f.MarketingOptOut, ct);
    }

    private ReplyMessage Build(KeywordReply reply, KeywordReplyBook.Snapshot book)
    {
        var site = urls.Base;
        string Absolute(string url) => url.StartsWith('/') ? site + url : url;
        return reply.Type switch
        {
            ReplyTypes.Link => new NewsReply([new NewsArticle(reply.Title!, reply.Description ?? "", "", Absolute(reply.Url!))]),
            ReplyTypes.Campaign => new NewsReply([new NewsArticle(
                reply.Title ?? book.Campaigns.GetValueOrDefault(reply.Campaign!).Title ?? reply.Campaign!,
                reply.Description ?? book.Campaigns.GetValueOrDefault(reply.Campaign!).Description ?? "", "",
                $"{site}/h5/c/{Uri.EscapeDataString(reply.Campaign!)}?src=reply")]),
            _ => new TextReply(reply.Text!.Replace("{base}", site, StringComparison.Ordinal)),
        };
    }
}

using WechatLeads.Server.Messaging;

namespace WechatLeads.Server.KeywordReplies;

internal static class KeywordRepliesSetup
{
    /// <summary>Keyword replies to text messages, after the opt-out words (a lower priority on the same route).</summary>
    public static WebApplicationBuilder AddKeywordReplies(this WebApplicationBuilder builder)
    {
        builder.Services.AddSingleton<KeywordReplyBook>();
        builder.Services.AddWechatHandler<KeywordReplyHandler>(WechatRoute.Message("text"), priority: -10);
        return builder;
    }
}

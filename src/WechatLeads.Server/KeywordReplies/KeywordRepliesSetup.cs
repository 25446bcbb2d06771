using WechatLeads.Server.Admin;
using WechatLeads.Server.Messaging;
using WechatLeads.Server.Platform.Web;

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

    /// <summary>关键词回复 in the console and its admin API.</summary>
    public static WebApplication MapKeywordReplies(this WebApplication app)
    {
        app.MapKeywordReplyPages();
        app.MapAdminApi().MapKeywordReplyAdmin();
        return app;
    }
}

using WechatLeads.Server.Data;
using WechatLeads.Server.Followers;
using WechatLeads.Server.Jobs;
using WechatLeads.Server.Messaging;
using WechatLeads.Server.Platform.Web;

namespace WechatLeads.Server.Unsubscribe;

internal static class UnsubscribeSetup
{
    public static WebApplicationBuilder AddUnsubscribe(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddWechatHandler<UnsubscribeClickHandler>(WechatRoute.OnEvent("CLICK", UnsubscribeClickHandler.MenuKey));
        services.AddWechatHandler<OptOutTextHandler>(WechatRoute.Message("text"));
        services.AddScoped<IOutboxHandler, ProcessOptOut>();
        services.AddScoped<IPersonalDataEraser, OptOutEraser>();
        return builder;
    }

    /// <summary>The console's look-up of a follower's opt-outs and consents.</summary>
    public static WebApplication MapUnsubscribe(this WebApplication app)
    {
        app.MapAdminApi().MapFollowerAdmin();
        return app;
    }
}

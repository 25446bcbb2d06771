using WechatLeads.Server.Followers;
using WechatLeads.Server.Jobs;
using WechatLeads.Server.Menu;
using WechatLeads.Server.Messaging;

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

        services.AddSingleton<MenuFile>();
        services.AddScoped<PublishMenu>();
        services.AddSingleton<IStartupJob, PublishMenuAtStartup>();
        return builder;
    }

    /// <summary>A broken menu file is a start-up error naming the button, not a surprise at publish time.</summary>
    public static WebApplication ValidateMenuFile(this WebApplication app)
    {
        app.Services.GetRequiredService<MenuFile>().Load(text => text.Replace("{base}", "https://placeholder.example", StringComparison.Ordinal));
        return app;
    }
}

using WechatLeads.Server.Data;
using WechatLeads.Server.Followers;
using WechatLeads.Server.Platform;
using WechatLeads.Server.Consent;

namespace WechatLeads.Server.Messaging;

internal static class MessagingSetup
{
    public static WebApplicationBuilder AddWechatMessaging(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        services.Configure<WebhookOptions>(builder.Configuration.GetSection(WebhookOptions.Section));
        services.AddSingleton<DurableWriteQueue>();
        services.AddHostedService(sp => sp.GetRequiredService<DurableWriteQueue>());
        services.AddSingleton<WechatMessageRouter>();
        services.AddSingleton<WechatWebhook>();
        services.AddSingleton(sp => ReplyTexts.Load(sp.GetRequiredService<ConfigFiles>()));
        services.AddScoped<ReceiptPurge>();
        services.AddScoped<ConsentLedger>();
        services.AddScoped<IPersonalDataEraser, ConsentLedgerEraser>();
        services.AddScoped<Jobs.IOutboxHandler, EraseFollowerData>();
        services.AddWechatHandler<SubscribeHandler>(WechatRoute.OnEvent("subscribe"));
        services.AddWechatHandler<UnfollowHandler>(WechatRoute.OnEvent("unsubscribe"));
        return builder;
    }
}

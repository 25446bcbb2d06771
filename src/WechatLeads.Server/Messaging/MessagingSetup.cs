using Hangfire;
using WechatLeads.Server.Data;
using WechatLeads.Server.Followers;
using WechatLeads.Server.Jobs;
using WechatLeads.Server.Platform;

namespace WechatLeads.Server.Messaging;

internal static class MessagingSetup
{
    public static WebApplicationBuilder AddWechatMessaging(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddOptions<WebhookOptions>().Bind(builder.Configuration.GetSection(WebhookOptions.Section))
            .Validate(o => o.MaxBodyBytes is >= 4 * 1024 and <= 16 * 1024 * 1024, "Webhook:MaxBodyBytes must be between 4096 and 16777216.")
            .Validate(o => o.TimestampTolerance >= TimeSpan.FromSeconds(30) && o.TimestampTolerance <= TimeSpan.FromMinutes(30),
                "Webhook:TimestampTolerance must be between 00:00:30 and 00:30:00.")
            // A receipt must outlive every timestamp that could still be accepted (up to the tolerance on either
            // side of now), or a push's signature could be replayed once its receipt was purged.
            .Validate(o => o.ReceiptRetention >= TimeSpan.FromMinutes(1) && o.ReceiptRetention >= 2 * o.TimestampTolerance,
                "Webhook:ReceiptRetention must be at least 00:01:00 and at least twice Webhook:TimestampTolerance.")
            .ValidateOnStart();
        // The group commit (Data/DurableWriteQueue): started after the job servers, so it stops — draining what it
        // holds — before they do.
        services.AddSingleton<DurableWriteQueue>();
        services.AddHostedService(sp => sp.GetRequiredService<DurableWriteQueue>());
        services.AddSingleton<WechatMessageRouter>();
        // One webhook per push URL: the Official Account's, and the mini-program's when it has a push Token.
        var wechat = builder.Configuration.GetSection(WechatOptions.Section).Get<WechatOptions>() ?? new WechatOptions();
        AddPushUrl(services, PushSources.OfficialAccount, "/wechat", sp => sp.GetRequiredService<WechatAccount>());
        if (WechatAccount.ForMiniProgramPushes(wechat) is { } miniProgram)
            AddPushUrl(services, PushSources.MiniProgram, "/wechat/miniprogram", _ => miniProgram);
        services.AddSingleton(sp => ReplyTexts.Load(sp.GetRequiredService<ConfigFiles>()));
        services.AddScoped<ReceiptPurge>();
        services.AddRecurringJob<ReceiptPurge>(ReceiptPurge.RecurringJobId, p => p.RunAsync(CancellationToken.None), Cron.Hourly());
        services.AddScoped<ServiceWindowGate>();
        services.AddScoped<IPersonalDataEraser, ServiceWindowEraser>();
        return builder;
    }

    private static void AddPushUrl(IServiceCollection services, PushSources source, string path, Func<IServiceProvider, WechatAccount> account)
    {
        services.AddKeyedSingleton(source, (sp, _) => new PushEndpoint(path, account(sp), source));
        services.AddKeyedSingleton(source, (sp, _) => ActivatorUtilities.CreateInstance<WechatWebhook>(sp, sp.GetRequiredKeyedService<PushEndpoint>(source)));
    }
}

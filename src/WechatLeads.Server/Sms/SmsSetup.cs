using Flurl.Http;
using Hangfire;
using Microsoft.Extensions.Options;
using WechatLeads.Server.Jobs;
using WechatLeads.Server.Platform;
using WechatLeads.Server.Platform.Web;

namespace WechatLeads.Server.Sms;

internal static class SmsSetup
{
    /// <summary>The Flurl client the provider adapters call through (tests plug the fake providers in here).</summary>
    public const string HttpClientKey = "sms";
    public const string CallbackLimit = "sms-callbacks";

    /// <summary>Binds and checks <c>Sms:*</c> (failing start-up with the keys to fix) and registers the configured gateway.</summary>
    public static WebApplicationBuilder AddSms(this WebApplicationBuilder builder)
    {
        var wechat = builder.Configuration.GetSection(WechatOptions.Section).Get<WechatOptions>() ?? new WechatOptions();
        var sandboxEnabled = WechatAccount.From(wechat).SandboxEnabledIn(builder.Environment);
        var provider = SmsOptionsValidation.EffectiveProvider(builder.Configuration, sandboxEnabled);
        var configured = builder.Configuration.GetSection(SmsOptions.Section).Get<SmsOptions>() ?? new SmsOptions();
        configured.Provider = provider;
        var problems = SmsOptionsValidation.Validate(configured, sandboxEnabled);
        if (problems.Count > 0)
            throw new InvalidOperationException("WechatLeads cannot start; fix the SMS configuration:"
                + Environment.NewLine
                + "  - "
                + string.Join(Environment.NewLine + "  - ", problems));

        var services = builder.Services;
        services.AddOptions<SmsOptions>().Bind(builder.Configuration.GetSection(SmsOptions.Section)).PostConfigure(o => o.Provider = provider);
        services.AddKeyedSingleton<IFlurlClient>(HttpClientKey, (_, _) => new FlurlClient());
        services.AddSingleton<SmsHealth>();
        services.AddOptions<SmsSignature.Options>().Bind(builder.Configuration.GetSection("Marketing"))
            .PostConfigure(o => { if (sandboxEnabled && o.SenderName.Length == 0) o.SenderName = SmsSignature.SandboxSenderName; });
        services.AddSingleton<SmsSignature>();
        services.AddSingleton<ISmsSender>(sp => provider switch
        {
            // The sandbox brings its own gateway (a phone on the /sandbox page), registered under this key.
            SmsOptions.SandboxName => sp.GetRequiredKeyedService<ISmsSender>(SmsOptions.SandboxName),
            SmsOptions.TencentName => ActivatorUtilities.CreateInstance<TencentSmsSender>(sp, sp.GetRequiredKeyedService<IFlurlClient>(HttpClientKey)),
            SmsOptions.AliyunName => ActivatorUtilities.CreateInstance<AliyunSmsSender>(sp, sp.GetRequiredKeyedService<IFlurlClient>(HttpClientKey)),
            _ => new NoSmsGateway(),
        });
        services.AddScoped<SmsReceipts>();
        services.AddScoped<SmsDeliveryLog>();
        services.AddScoped<SmsRecordPurge>();
        services.AddRecurringJob<SmsRecordPurge>(SmsRecordPurge.RecurringJobId, p => p.RunAsync(CancellationToken.None), Cron.Daily());
        services.AddSingleton<SmsCallbackEndpoints.Keys>();
        var perMinute = configured.CallbacksPerIpPerMinute;
        services.AddRateLimiter(limiter => limiter.AddPolicy(CallbackLimit, http =>
            System.Threading.RateLimiting.RateLimitPartition.GetFixedWindowLimiter("sms-callback:" + RateLimits.Ip(http),
                _ => RateLimits.PerMinute(perMinute))));
        return builder;
    }

    public static WebApplication MapSms(this WebApplication app) => app.MapSmsCallbacks();
}

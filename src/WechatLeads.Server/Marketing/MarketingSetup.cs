using Hangfire;
using Microsoft.Extensions.Options;
using WechatLeads.Server.Admin;
using WechatLeads.Server.Jobs;
using WechatLeads.Server.Platform;
using WechatLeads.Server.Platform.Web;
using WechatLeads.Server.Sms;

namespace WechatLeads.Server.Marketing;

internal static class MarketingSetup
{

    public static WebApplicationBuilder AddMarketing(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        var environment = builder.Environment;
        services.AddOptions<MarketingOptions>().Bind(builder.Configuration.GetSection(MarketingOptions.Section))
            .PostConfigure<WechatAccount>((o, account) =>
            {
                if (!account.SandboxEnabledIn(environment)) return;
                if (o.SenderName.Length == 0) o.SenderName = SmsSignature.SandboxSenderName; // the sandbox's demo brand, never outside it
            })
            .Validate(o => o.CapMessages is >= 1 and <= 100 && o.CapWindow > TimeSpan.Zero, "Marketing:CapMessages must be 1-100 and CapWindow positive.")
            .Validate(o => o.BatchSize is >= 1 and <= 5000, "Marketing:BatchSize must be 1-5000.")
            .Validate(o => o.ConsentLifetime >= TimeSpan.FromDays(1), "Marketing:ConsentLifetime must be at least a day.")
            .ValidateOnStart();
        services.AddScoped<IMarketingChannel, SmsChannel>();
        services.AddScoped<IMarketingChannel, TemplateChannel>();
        services.AddScoped<IMarketingChannel, CustomerServiceChannel>();
        services.AddScoped<MarketingGate>();
        services.AddScoped<MarketingAudience>();
        services.AddScoped<MarketingEstimate>();
        services.AddScoped<MarketingDraft>();
        services.AddScoped<RunMarketingSends>();
        services.AddRecurringJob<RunMarketingSends>(RunMarketingSends.RecurringJobId, r => r.StartDueAsync(CancellationToken.None), Cron.Minutely());
        services.AddScoped<SmsOptOut>();
        services.AddScoped<ISmsReplyHandler>(sp => sp.GetRequiredService<SmsOptOut>());
        services.AddScoped<ISmsReceiptSink, MarketingReceipts>();
        return builder;
    }

    /// <summary>Marketing sends: console page and admin API.</summary>
    public static WebApplication MapMarketing(this WebApplication app)
    {
        app.MapMarketingPages();
        app.MapSendDeliveryPages();
        app.MapAdminApi().MapMarketingAdmin().MapMarketingEstimate();
        return app;
    }
}

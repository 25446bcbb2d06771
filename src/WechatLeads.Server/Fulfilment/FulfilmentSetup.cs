using Hangfire;
using Microsoft.Extensions.Options;
using WechatLeads.Server.Admin;
using WechatLeads.Server.Jobs;
using WechatLeads.Server.Platform.Web;

namespace WechatLeads.Server.Fulfilment;

/// <summary>Physical prizes: the winner's pages and API, the staff API and console page, the deadline job, erasure.</summary>
internal static class FulfilmentSetup
{
    public static WebApplicationBuilder AddFulfilment(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddOptions<FulfilmentOptions>().Bind(builder.Configuration.GetSection(FulfilmentOptions.Section))
            .Validate(o => o.ClaimDays is >= 1 and <= 365, "Fulfilment:ClaimDays must be 1-365.")
            .Validate(o => o.AddressRetentionDays is >= 0 and <= 365, "Fulfilment:AddressRetentionDays must be 0-365.")
            .Validate(o => o.ReminderDaysBefore is >= 0 and <= 30, "Fulfilment:ReminderDaysBefore must be 0-30 (0: no reminder).")
            .ValidateOnStart();
        services.AddSingleton<AddressProtector>();
        services.AddScoped<MyPrizes>();
        services.AddScoped<FulfilmentTransitions>();
        services.AddScoped<ClaimDeadlines>();
        services.AddRecurringJob<ClaimDeadlines>(ClaimDeadlines.RecurringJobId, d => d.RunAsync(CancellationToken.None), Cron.Hourly());
        services.AddScoped<Data.IPersonalDataEraser, FulfilmentEraser>();
        services.AddScoped<SubscribeMessages.ISubscribeNoticeValues, ShippingNotice>();
        services.AddScoped<Data.IPhoneDataEraser, FulfilmentEraser>();
        return builder;
    }

    public static WebApplication MapFulfilment(this WebApplication app)
    {
        app.MapPrizePages();
        app.MapPrizeApi();
        app.MapAdminApi().MapFulfilmentAdmin();
        app.MapFulfilmentConsole();
        return app;
    }
}

using Hangfire;
using WechatLeads.Server.Jobs;
using WechatLeads.Server.Messaging;
using WechatLeads.Wechat.Messages;

namespace WechatLeads.Server.SubscribeMessages;

internal static class SubscribeMessagesSetup
{
    /// <summary>The grant ledger (pushes and the mini-program's reports), the sender, its notices and the expiry reminders.</summary>
    public static WebApplicationBuilder AddSubscribeMessages(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddOptions<SubscribeMessageOptions>().Bind(builder.Configuration.GetSection(SubscribeMessageOptions.Section)).ValidateOnStart();
        services.AddSingleton<Microsoft.Extensions.Options.IValidateOptions<SubscribeMessageOptions>, ProblemsValidator>();
        foreach (var name in new[] { SubscribeMessageEvent.Popup, SubscribeMessageEvent.Change, SubscribeMessageEvent.Sent })
            services.AddWechatHandler<SubscribeEventHandler>(WechatRoute.OnEvent(name), sources: PushSources.MiniProgram);
        services.AddScoped<SubscribeMessenger>();
        services.AddScoped<CouponExpiryReminders>();
        services.AddRecurringJob<CouponExpiryReminders>(CouponExpiryReminders.RecurringJobId, r => r.RunAsync(CancellationToken.None), Cron.Hourly());
        services.AddScoped<Data.IOutboxHandler, SubscribeNotices>();
        services.AddScoped<Data.IPersonalDataEraser, SubscriptionEraser>();
        return builder;
    }

    /// <summary>Names every problem, with its configuration key, when start-up refuses the section.</summary>
    private sealed class ProblemsValidator : Microsoft.Extensions.Options.IValidateOptions<SubscribeMessageOptions>
    {
        public Microsoft.Extensions.Options.ValidateOptionsResult Validate(string? name, SubscribeMessageOptions options) =>
            options.Problems().ToList() is { Count: > 0 } problems
                ? Microsoft.Extensions.Options.ValidateOptionsResult.Fail(problems)
                : Microsoft.Extensions.Options.ValidateOptionsResult.Success;
    }

    public static IEndpointRouteBuilder MapSubscribeMessages(this IEndpointRouteBuilder app) => app.MapSubscriptions();
}

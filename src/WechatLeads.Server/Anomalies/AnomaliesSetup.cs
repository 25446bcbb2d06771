using Hangfire;
using WechatLeads.Server.Admin;
using WechatLeads.Server.Jobs;
using WechatLeads.Server.Platform.Web;

namespace WechatLeads.Server.Anomalies;

/// <summary>Signs that a draw is being farmed: the dashboard's activity view, the health check and the alert job.</summary>
internal static class AnomaliesSetup
{
    public static WebApplicationBuilder AddAnomalies(this WebApplicationBuilder builder)
    {
        builder.Services.AddOptions<AnomalyOptions>().Bind(builder.Configuration.GetSection(AnomalyOptions.Section))
            .Validate(o => o.RateJumpFactor is >= 1 and <= 1000, "Anomalies:RateJumpFactor must be 1-1000.")
            .Validate(o => o.MinimumPerMinute is >= 1 and <= 1_000_000, "Anomalies:MinimumPerMinute must be 1-1000000.")
            .Validate(o => o.HighRiskShare is > 0 and <= 1, "Anomalies:HighRiskShare must be above 0 and at most 1.")
            .Validate(o => o.MinimumChecked is >= 1 and <= 1_000_000, "Anomalies:MinimumChecked must be 1-1000000.")
            .ValidateOnStart();
        builder.Services.AddSingleton<AnomalyMonitor>();
        builder.Services.AddScoped<DrawActivity>();
        builder.Services.AddScoped<WatchAnomalies>();
        builder.Services.AddRecurringJob<WatchAnomalies>(WatchAnomalies.RecurringJobId, w => w.RunAsync(CancellationToken.None), Cron.Minutely());
        builder.Services.AddHealthChecks().AddCheck<AnomalyHealthCheck>("draw-anomalies");
        return builder;
    }

    /// <summary>The activity view behind 异常监控.</summary>
    public static WebApplication MapAnomalies(this WebApplication app)
    {
        app.MapAdminApi().MapDrawActivity();
        return app;
    }
}

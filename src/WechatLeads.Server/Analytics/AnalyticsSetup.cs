namespace WechatLeads.Server.Analytics;

internal static class AnalyticsSetup
{
    public static WebApplicationBuilder AddAnalytics(this WebApplicationBuilder builder)
    {
        builder.Services.AddSingleton<ViewCounter>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<ViewCounter>());
        builder.Services.AddScoped<CampaignAnalytics>();
        builder.Services.AddScoped<RedemptionAnalytics>();
        return builder;
    }
}

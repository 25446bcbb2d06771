using WechatLeads.Server.Admin;
using WechatLeads.Server.Analytics.Charts;
using WechatLeads.Server.Campaigns;
using WechatLeads.Server.Platform.Web;
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

    /// <summary>The campaign dashboards and their data.</summary>
    public static WebApplication MapAnalytics(this WebApplication app)
    {
        app.MapCampaignDashboards();
        app.MapChartAssets();
        app.MapAdminApi().MapCampaignAnalytics();
        return app;
    }
}

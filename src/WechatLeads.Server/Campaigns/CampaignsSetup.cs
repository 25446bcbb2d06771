using WechatLeads.Server.Admin;
using WechatLeads.Server.Messaging;
using WechatLeads.Server.Participation;
using WechatLeads.Server.Platform.Web;
using WechatLeads.Server.Stores;

namespace WechatLeads.Server.Campaigns;

internal static class CampaignsSetup
{
    /// <summary>Campaigns, stores and attribution: the catalog, the sample content seeded at start, store QR scans.</summary>
    public static WebApplicationBuilder AddCampaigns(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddMemoryCache();
        services.AddScoped<CampaignFactory>();
        services.AddScoped<CampaignAvailabilityCheck>();
        services.AddScoped<IssueReadiness>();
        services.AddScoped<Privacy.IPolicyUsage, CampaignPolicyUsage>();
        services.AddHostedService<ContentSeeder>();
        services.AddSingleton<StoreDirectory>();
        services.AddSingleton<Attribution>();
        services.AddWechatHandler<StoreScanHandler>(WechatRoute.OnEvent("subscribe"), priority: 10);
        services.AddWechatHandler<StoreScanHandler>(WechatRoute.OnEvent("SCAN"), priority: 10);
        return builder;
    }

    /// <summary>The store QR admin API (the campaign pages and editing API are CampaignConsole's).</summary>
    public static WebApplication MapCampaigns(this WebApplication app)
    {
        app.MapAdminApi().MapStoreQrCodes();
        return app;
    }
}

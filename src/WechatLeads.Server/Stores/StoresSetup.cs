using WechatLeads.Server.Platform.Web;

namespace WechatLeads.Server.Stores;

/// <summary>Stores where coupons are redeemed: the list seeded from <c>config/stores.json</c>, its console page and admin API.</summary>
internal static class StoresSetup
{
    public static WebApplicationBuilder AddStores(this WebApplicationBuilder builder)
    {
        builder.Services.AddHostedService<StoreSeeder>();
        return builder;
    }

    public static WebApplication MapStores(this WebApplication app)
    {
        app.MapStorePages();
        app.MapAdminApi().MapStoreAdmin();
        return app;
    }
}

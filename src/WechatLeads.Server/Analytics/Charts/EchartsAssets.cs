using WechatLeads.Server.Platform.Web;

namespace WechatLeads.Server.Analytics.Charts;

/// <summary>
/// Apache ECharts, served by this server (pinned, from the npm package: <c>scripts/update-echarts.sh</c>; licence and
/// notice beside it), and the dashboard's script that draws with it. No CDN: WeChat's network may block one, and the
/// console's CSP allows scripts from this server only.
/// </summary>
internal static class EchartsAssets
{
    public const string Version = "6.1.0";

    /// <summary>Versioned, so it can be cached for good: a new version is a new address.</summary>
    public const string EchartsPath = "/admin/assets/echarts-" + Version + ".min.js";

    public const string DashboardScriptPath = "/admin/assets/dashboard.js";

    public static IEndpointRouteBuilder MapChartAssets(this IEndpointRouteBuilder app)
    {
        // Under /admin, like every console route: staff only (the console's caches are private).
        app.MapGet(EchartsPath, (HttpContext http) =>
        {
            http.Response.Headers.CacheControl = "private, max-age=31536000, immutable";
            return Results.Stream(typeof(EchartsAssets).Assembly.GetManifestResourceStream("WechatLeads.Server.Analytics.Charts.echarts.min.js")!,
                "text/javascript; charset=utf-8");
        }).ExcludeFromDescription().RequireAuthorization(AdminPolicies.Staff);
        app.MapEmbeddedAsset(DashboardScriptPath, "Analytics.Charts.dashboard.js").RequireAuthorization(AdminPolicies.Staff);
        return app;
    }
}

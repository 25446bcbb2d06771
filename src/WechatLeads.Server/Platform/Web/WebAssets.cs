namespace WechatLeads.Server.Platform.Web;

/// <summary>
/// The pages' style sheets, embedded in the assembly like the scripts: one file to deploy, and a
/// Content-Security-Policy of <c>style-src 'self'</c> with no inline styles anywhere.
/// </summary>
internal static class WebAssets
{
    public const string H5Css = "/css/h5.css";
    public const string ConsoleCss = "/css/console.css";
    public const string SimulatorCss = "/css/simulator.css";

    public static IEndpointRouteBuilder MapWebAssets(this IEndpointRouteBuilder app)
    {
        app.MapEmbeddedAsset(H5Css, "Platform.Web.Styles.h5.css");
        app.MapEmbeddedAsset(ConsoleCss, "Platform.Web.Styles.console.css");
        app.MapEmbeddedAsset(SimulatorCss, "Platform.Web.Styles.simulator.css");
        return app;
    }

    /// <summary>
    /// Serves a file embedded under <c>WechatLeads.Server.{resource}</c>. Cached five minutes so that a deploy
    /// reaches every phone quickly; the files are small.
    /// </summary>
    public static RouteHandlerBuilder MapEmbeddedAsset(this IEndpointRouteBuilder app, string route, string resource)
    {
        var name = "WechatLeads.Server." + resource;
        if (typeof(WebAssets).Assembly.GetManifestResourceInfo(name) is null)
            throw new InvalidOperationException($"The asset {name} is not embedded in the assembly.");
        var contentType = route.EndsWith(".css", StringComparison.Ordinal) ? "text/css; charset=utf-8" : "text/javascript; charset=utf-8";
        return app.MapGet(route, (HttpContext http) =>
        {
            http.Response.Headers.CacheControl = "public, max-age=300";
            return Results.Stream(typeof(WebAssets).Assembly.GetManifestResourceStream(name)!, contentType);
        }).ExcludeFromDescription();
    }
}

using WechatLeads.Server.Platform;
using WechatLeads.Server.Platform.Web;
using WechatLeads.Server.WechatApi;

namespace WechatLeads.Server.Staff;

/// <summary>
/// Renders the counter's pages (<see cref="StaffFrame"/>) under their own Content-Security-Policy: the site-wide one
/// for pages allows no script at all, these load the scanner's script from this server and, inside WeChat only,
/// WeChat's JS-SDK. Styles come from /css/h5.css only: nothing inline.
/// </summary>
internal static class StaffLayout
{
    public static IResult Render<TPage>(HttpContext http, object view, int status = 200, bool withWechatSdk = false)
        where TPage : Microsoft.AspNetCore.Components.IComponent
    {
        // srcObject (the camera) is no fetch, but media-src says where video may come from should a browser count it as one.
        http.Response.Headers.ContentSecurityPolicy =
            $"default-src 'none'; script-src 'self'{(withWechatSdk ? " " + JsSdkPages.ScriptOrigin : "")}; style-src 'self'; img-src 'self' data:; " +
            "media-src 'self' blob: mediastream:; connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'";
        http.Response.Headers.XFrameOptions = "DENY";
        http.Response.Headers.CacheControl = "no-store"; // masked phones and redemptions stay out of shared caches
        return PageResult.Render<TPage>(view, status);
    }

    /// <summary>Beijing time, as people at the counter read it.</summary>
    public static string Beijing(DateTime utc, string format = "yyyy-MM-dd HH:mm") =>
        ChinaTime.Format(utc, format);

    /// <summary>Midnight today in Beijing, as a UTC moment.</summary>
    public static DateTime BeijingMidnight(DateTime utcNow) => ChinaTime.StartOfDay(utcNow);
}

using WechatLeads.Server.Platform;
using WechatLeads.Wechat.Api;

namespace WechatLeads.Server.WechatApi;

/// <summary>
/// What a page inside WeChat's browser needs to use the JS-SDK: WeChat's script and a <c>wx.config</c> signed
/// for the very URL the browser shows (the public base URL, the path and the query; WeChat signs without the
/// fragment). Outside WeChat the SDK does nothing, so pages load it only there.
/// </summary>
internal static class JsSdkPages
{
    public const string ScriptOrigin = "https://res.wx.qq.com";
    public const string ScriptUrl = ScriptOrigin + "/open/js/jweixin-1.6.0.js";

    /// <summary>WeChat's in-app browser: the one place its JS-SDK works.</summary>
    public static bool InWechat(HttpContext http) => http.Request.Headers.UserAgent.ToString().Contains("MicroMessenger", StringComparison.Ordinal);

    /// <summary>
    /// A signed <c>wx.config</c> for the current request's URL, or null outside WeChat or when WeChat can't hand out a
    /// ticket: the JS-SDK is a nicety on every page that uses it (the page works without it), never a reason to fail.
    /// </summary>
    public static async Task<JsSdkConfig?> SignCurrentPageAsync(HttpContext http, CancellationToken ct)
    {
        if (!InWechat(http)) return null;
        var services = http.RequestServices;
        var url = services.GetRequiredService<PublicUrls>().Base + http.Request.Path + http.Request.QueryString;
        try
        {
            return await services.GetRequiredService<JsapiTickets>().SignAsync(url, ct);
        }
        catch (WechatApiException e)
        {
            services.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(JsSdkPages))
                .LogWarning(
                    "No JS-SDK ticket for {Path} ({Endpoint} errcode {Code}): the page is served without it",
                    http.Request.Path,
                    e.Endpoint,
                    e.ErrorCode);
            return null;
        }
    }
}

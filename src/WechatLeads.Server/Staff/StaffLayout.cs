using System.Text;
using WechatLeads.Server.H5;
using WechatLeads.Server.Platform;
using WechatLeads.Server.Platform.Web;
using WechatLeads.Server.WechatApi;

namespace WechatLeads.Server.Staff;

/// <summary>
/// The H5 page frame (<see cref="Html"/>) with what the counter needs on top: bigger buttons, the scanner's
/// script from this server, and — inside WeChat's browser only — WeChat's JS-SDK, whose signed
/// <c>wx.config</c> travels in data attributes (the policy allows no inline script). Each page sets its own
/// Content-Security-Policy: the site-wide one for pages allows no script at all.
/// </summary>
internal static class StaffLayout
{
    private const string Styles = """
        <style>
          input[type=password], select { width: 100%; box-sizing: border-box; font-size: 17px; padding: 10px; border: 1px solid #ccc; border-radius: 6px; background: #fff; }
          #redeem-input { font: 600 20px/1.3 ui-monospace, Menlo, monospace; letter-spacing: 1px; }
          #redeem-input::placeholder { font: 16px/1.3 -apple-system, "PingFang SC", "Microsoft YaHei", sans-serif; letter-spacing: 0; }
          button.confirm { font-size: 22px; padding: 18px; font-weight: 600; }
          button.scan { background: #1677ff; } button.link { background: none; color: #555; border: 0; text-decoration: underline; padding: 4px; margin: 0; width: auto; font-size: 14px; }
          button.small { display: inline-block; width: auto; margin: 0; padding: 4px 10px; font-size: 13px; background: #fff; color: #d33; border: 1px solid #d33; white-space: nowrap; }
          .done { text-align: center; } .done dl.facts { text-align: left; } .done .tick { font-size: 44px; color: #07c160; line-height: 1; }
          dl.facts { display: grid; grid-template-columns: auto 1fr; gap: 4px 12px; margin: 8px 0; } dl.facts dt { color: #777; } dl.facts dd { margin: 0; }
          .prize { font-size: 22px; font-weight: 600; margin: 4px 0; }
          #camera video { width: 100%; border-radius: 8px; background: #000; }
          .bar { display: flex; justify-content: space-between; align-items: center; font-size: 13px; color: #777; margin-bottom: 8px; }
          tr.reversed td { color: #aaa; text-decoration: line-through; }
        </style>
        """;

    public static IResult Page(HttpContext http, string title, string body, int status = 200, JsSdkConfig? wx = null)
    {
        var head = new StringBuilder(Styles);
        if (wx is not null) head.Append($"<script src=\"{JsSdkPages.ScriptUrl}\" defer></script>");
        head.Append("<script src=\"/staff/redeem.js\" defer></script>");
        var config = wx is null ? "" : $"<div id=\"wx-config\" hidden {JsSdkPages.DataAttributes(wx)}></div>";
        // Scripts from this server, and WeChat's SDK only where it is loaded. srcObject (the camera) is no fetch, but
        // media-src says where video may come from should a browser count it as one.
        http.Response.Headers.ContentSecurityPolicy =
            $"default-src 'none'; script-src 'self'{(wx is null ? "" : " " + JsSdkPages.ScriptOrigin)}; style-src 'unsafe-inline'; img-src 'self' data:; " +
            "media-src 'self' blob: mediastream:; connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'";
        http.Response.Headers.XFrameOptions = "DENY";
        http.Response.Headers.CacheControl = "no-store"; // masked phones and redemptions stay out of shared caches
        var html = Html.Layout(title, config + body).Replace("</head>", head + "</head>", StringComparison.Ordinal);
        return Results.Content(html, "text/html; charset=utf-8", Encoding.UTF8, status);
    }

    /// <summary>Beijing time, as people at the counter read it.</summary>
    public static string Beijing(DateTime utc, string format = "yyyy-MM-dd HH:mm") =>
        ChinaTime.Format(utc, format);

    /// <summary>Midnight today in Beijing, as a UTC moment.</summary>
    public static DateTime BeijingMidnight(DateTime utcNow) => ChinaTime.StartOfDay(utcNow);
}

using System.Text.Encodings.Web;
using System.Text.Unicode;

namespace WechatLeads.Server.Platform.Web;

internal static class ServerPages
{
    /// <summary>
    /// Razor components rendered on the server. The HTML encoder lets every Unicode range through unescaped, so
    /// Chinese stays readable in the page source (markup characters are still escaped).
    /// </summary>
    public static WebApplicationBuilder AddServerPages(this WebApplicationBuilder builder)
    {
        builder.Services.AddRazorComponents();
        builder.Services.AddWebEncoders(o => o.TextEncoderSettings = new TextEncoderSettings(UnicodeRanges.All));
        return builder;
    }
}

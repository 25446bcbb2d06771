using System.Security.Claims;
using Microsoft.AspNetCore.Antiforgery;
using WechatLeads.Server.Platform;

namespace WechatLeads.Server.Platform.Web;

/// <summary>
/// The frame of every console page: navigation, the antiforgery token for <c>console.js</c>, and a strict
/// Content-Security-Policy (scripts only from this server, no inline script), since these pages show
/// personal data to staff.
/// </summary>
internal static class ConsoleLayout
{
    /// <summary>Style sheets and scripts from this server only: no inline style or script anywhere in the console.</summary>
    private const string Policy =
        "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; frame-ancestors 'none'; form-action 'self'; base-uri 'none'";

    /// <summary>Renders a console page component with its <c>View</c> and the frame's <see cref="ConsoleChrome"/>.</summary>
    public static IResult Render<TPage>(HttpContext http, object view, int status = StatusCodes.Status200OK)
        where TPage : Microsoft.AspNetCore.Components.IComponent
    {
        var token = http.RequestServices.GetRequiredService<IAntiforgery>().GetAndStoreTokens(http).RequestToken ?? "";
        http.Response.Headers.ContentSecurityPolicy = Policy;
        http.Response.Headers.XFrameOptions = "DENY";
        http.Response.Headers.CacheControl = "no-store"; // masked or not, lead lists stay out of shared caches
        var chrome = new ConsoleChrome(token, http.User.Identity?.Name, http.User.FindFirstValue(ClaimTypes.Role), http.User.IsInRole(AdminRoles.Compliance));
        return PageResult.Render<TPage>(new Dictionary<string, object?> { ["View"] = view, ["Chrome"] = chrome }, status);
    }
}

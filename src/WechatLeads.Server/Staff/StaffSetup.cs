using System.Security.Claims;
using Microsoft.AspNetCore.Authentication.Cookies;
using WechatLeads.Server.Admin;
using WechatLeads.Server.H5;
using WechatLeads.Server.Platform.Web;

namespace WechatLeads.Server.Staff;

/// <summary>
/// The store staff page (<c>/staff</c>): people at the counter sign in with a Role=Store account from
/// <c>Admin:Users</c> and redeem coupons on a phone. A cookie of its own, sent only to <c>/staff</c>: a store
/// account never holds a console session, and a console session opens nothing here.
/// </summary>
internal static class StaffSetup
{
    public const string CookieScheme = "StaffCookie";
    public const string Policy = "StaffPage";

    public static WebApplicationBuilder AddStaff(this WebApplicationBuilder builder)
    {
        builder.Services.AddAuthentication().AddCookie(CookieScheme, o =>
        {
            o.Cookie.Name = "wl_staff";
            o.Cookie.HttpOnly = true;
            o.Cookie.SameSite = SameSiteMode.Strict;
            o.Cookie.Path = "/staff";
            o.ExpireTimeSpan = TimeSpan.FromHours(12); // a shift, not a week: a phone left at the counter signs out by itself
            o.SlidingExpiration = false;
            o.LoginPath = "/staff/login";
            o.ReturnUrlParameter = "returnUrl";
            o.AccessDeniedPath = "/staff/login";
            // The same rule as the console's cookie: an account removed, given another role or other stores, or
            // given a new password in configuration loses the page at its next request, not 12 hours later.
            o.Events.OnValidatePrincipal = async c =>
            {
                var directory = c.HttpContext.RequestServices.GetRequiredService<StaffDirectory>();
                if (!await StillValidAsync(c.Principal, directory, c.HttpContext.RequestAborted)) c.RejectPrincipal();
            };
        });
        builder.Services.AddAuthorizationBuilder().AddPolicy(Policy, p => p.AddAuthenticationSchemes(CookieScheme)
            .RequireAuthenticatedUser().RequireRole(AdminRoles.Store).RequireClaim(AdminRoles.StoreClaim));
        return builder;
    }

    public static WebApplication MapStaff(this WebApplication app)
    {
        var staff = app.MapGroup("/staff").ExcludeFromDescription().AddEndpointFilter(FriendlyFailure);
        staff.MapGet("/", () => Results.Redirect("/staff/redeem"));
        staff.MapStaffSignIn();
        staff.MapStaffRedeem();
        staff.MapGet("/redeem.js", (HttpContext http) =>
        {
            http.Response.Headers.CacheControl = "public, max-age=300";
            return Results.Stream(
                typeof(StaffSetup).Assembly.GetManifestResourceStream("WechatLeads.Server.Staff.redeem.js")!,
                "text/javascript; charset=utf-8");
        });
        return app;
    }

    /// <summary>The claims a session starts with; <see cref="StillValidAsync"/> compares them with the account on every request.</summary>
    public static ClaimsPrincipal Principal(StaffIdentity user) => new(new ClaimsIdentity(
        [new Claim(ClaimTypes.Name, user.Name), new Claim(ClaimTypes.Role, user.Role), new Claim("auth", AdminConsole.PasswordMethod),
            new Claim(AdminConsole.KeyFingerprintClaim, user.Fingerprint),
            .. AdminRoles.StoreCodes(user.Store).Select(s => new Claim(AdminRoles.StoreClaim, s))], CookieScheme));

    private static async Task<bool> StillValidAsync(ClaimsPrincipal? principal, StaffDirectory directory, CancellationToken ct)
    {
        var user = await directory.SessionAccountAsync(principal, ct);
        return user?.Role == AdminRoles.Store
            && AdminRoles.StoreCodes(user.Store).Order(StringComparer.Ordinal)
                .SequenceEqual(principal!.FindAll(AdminRoles.StoreClaim).Select(c => c.Value).Order(StringComparer.Ordinal));
    }

    /// <summary>Whatever goes wrong, the person at the counter gets a page that says what to do, never a stack trace or a bare 500.</summary>
    private static async ValueTask<object?> FriendlyFailure(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        try
        {
            return await next(context);
        }
        catch (Exception e) when (e is not OperationCanceledException || !context.HttpContext.RequestAborted.IsCancellationRequested)
        {
            context.HttpContext.RequestServices.GetRequiredService<ILoggerFactory>().CreateLogger("WechatLeads.Server.Staff")
                .LogError(e, "The staff page failed on {Path}", context.HttpContext.Request.Path.Value);
            return PageResult.Problem(StatusCodes.Status503ServiceUnavailable, "暂时无法完成",
                "系统繁忙，请稍后重试。如果刚才点了确认核销，请先在核销页的今日记录里查看是否已经成功。一直这样请联系运营同事。",
                "返回核销页", "/staff/redeem");
        }
    }
}

using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Authentication;
using WechatLeads.Server.Admin;
using WechatLeads.Server.Audit;
using WechatLeads.Server.Platform.Web;

namespace WechatLeads.Server.Staff;

/// <summary>
/// <c>/staff/login</c>: the console's password check (<see cref="StaffPasswordSignIn"/>: lock-out, known device,
/// audit), but only Role=Store accounts get a session here, and it is the staff cookie.
/// </summary>
internal static class StaffSignInEndpoints
{
    public static RouteGroupBuilder MapStaffSignIn(this RouteGroupBuilder staff)
    {
        staff.MapGet("/login", (HttpContext http, IAntiforgery antiforgery, string? returnUrl) => LoginPage(http, antiforgery, returnUrl, null, 200));
        staff.MapPost("/login", SignInAsync).DisableAntiforgery() // validated explicitly, to answer with a page
            .RequireRateLimiting(AdminConsole.SignInLimit);
        staff.MapPost("/logout", SignOutAsync).DisableAntiforgery().RequireAuthorization(StaffSetup.Policy);
        return staff;
    }

    private static async Task<IResult> SignInAsync(
        HttpContext http, IAntiforgery antiforgery, StaffDirectory directory, StaffLockout lockout, AuditLog audit, CancellationToken ct)
    {
        if (!await antiforgery.IsRequestValidAsync(http)) return LoginPage(http, antiforgery, null, "页面已过期，请重新登录。", 400);
        var form = await http.Request.ReadFormAsync(ct);
        var returnUrl = form["returnUrl"].ToString();
        var name = form["name"].ToString().Trim();
        var password = form["password"].ToString();
        if (name.Length is 0 or > 128 || password.Length is 0 or > 256) return LoginPage(http, antiforgery, returnUrl, "请输入账号和密码。", 400);

        var check = await StaffPasswordSignIn.CheckAsync(http, directory, lockout, audit, name, password, "staff", "/staff/login", ct);
        if (check.User is not { } user) return LoginPage(http, antiforgery, returnUrl, check.Error, check.Status);
        if (user.Role != AdminRoles.Store)
        {
            await StaffPasswordSignIn.RefuseAsync(http, audit, user.Name, user.Role, "staff", "not a store account", ct);
            return LoginPage(http, antiforgery, returnUrl, "这里只供门店账号核销券码。运营和合规账号请登录管理台 /admin。", StatusCodes.Status403Forbidden);
        }

        var principal = StaffSetup.Principal(user);
        await audit.AppendAsync(http, new AuditRecord(AuditActions.SignIn, "staff"), ct, principal);
        await http.SignInAsync(StaffSetup.CookieScheme, principal);
        return Results.Redirect(IsLocalStaff(returnUrl) ? returnUrl : "/staff/redeem");
    }

    private static async Task<IResult> SignOutAsync(HttpContext http, IAntiforgery antiforgery)
    {
        if (!await antiforgery.IsRequestValidAsync(http)) return PageResult.Problem(400, "页面已过期", "请刷新后再退出。", "返回核销页", "/staff/redeem");
        await http.SignOutAsync(StaffSetup.CookieScheme);
        return Results.Redirect("/staff/login");
    }

    private static IResult LoginPage(HttpContext http, IAntiforgery antiforgery, string? returnUrl, string? error, int status) =>
        StaffLayout.Render<StaffLoginPage>(http, new StaffLoginView(antiforgery.GetAndStoreTokens(http).RequestToken ?? "",
            IsLocalStaff(returnUrl) ? returnUrl! : "/staff/redeem", error), status);

    /// <summary>Back into the staff pages only: never an open redirect.</summary>
    private static bool IsLocalStaff(string? url) =>
        !string.IsNullOrEmpty(url)
            && url.StartsWith("/staff", StringComparison.Ordinal)
            && !url.StartsWith("//", StringComparison.Ordinal)
            && !url.Contains('\\');
}

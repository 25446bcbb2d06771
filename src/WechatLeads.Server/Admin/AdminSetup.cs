using Microsoft.AspNetCore.Authentication;
using WechatLeads.Server.Platform.Web;

namespace WechatLeads.Server.Admin;

internal static class AdminSetup
{
    public static WebApplicationBuilder AddAdmin(this WebApplicationBuilder builder)
    {
        builder.Services.AddOptions<AdminOptions>().Bind(builder.Configuration.GetSection(AdminOptions.Section))
            .Validate(o => o.ApiKeys.All(k => AdminRoles.IsKnown(k.Role)), "Admin:ApiKeys: every key needs Role Operator, Compliance or Store.")
            .Validate(o => o.ApiKeys.All(k => StoreAccounts.StoreIsValid(k.Role, k.Store)) && o.Users.All(u => StoreAccounts.StoreIsValid(u.Role, u.Store)),
                "Admin: every Role=Store user or key needs Store=<store code>[,<store code>…] (letters, digits, dashes).")
            .Validate(o => o.ApiKeys.All(k => k.Key.Length >= 24), "Admin:ApiKeys: every Key must be at least 24 characters (use openssl rand -base64 32).")
            .Validate(o => o.ApiKeys.All(k => !string.IsNullOrWhiteSpace(k.Name)), "Admin:ApiKeys: every key needs a Name (it appears in the audit log).")
            .Validate(
                o => o.Users.All(u => AdminRoles.IsKnown(u.Role) && !string.IsNullOrWhiteSpace(u.Name)),
                "Admin:Users: every user needs a Name and Role Operator, Compliance or Store.")
            .Validate(o => o.Users.All(u => u.PasswordHash.Length >= 40 && !u.PasswordHash.Contains(' ')),
                "Admin:Users: PasswordHash must be a hash from 'dotnet WechatLeads.Server.dll hash-password', not a password.")
            .ValidateOnStart();
        builder.Services.AddScoped<StaffLockout>();
        builder.Services.AddScoped<StaffDirectory>();
        builder.Services.AddScoped<StaffTotp>();
        // No default scheme: only routes whose policy names a scheme pay for authentication (the webhook
        // answers thousands of pushes a second and has its own signature check). "Admin" picks the API key
        // when a bearer token is sent (automation), the console cookie otherwise (people).
        builder.Services.AddAuthentication()
            .AddScheme<AuthenticationSchemeOptions, ApiKeyAuthenticationHandler>(ApiKeyAuthenticationHandler.SchemeName, null)
            .AddCookie(AdminConsole.CookieScheme, o =>
            {
                o.Cookie.Name = "wl_admin";
                o.Cookie.HttpOnly = true;
                o.Cookie.SameSite = SameSiteMode.Strict;
                o.Cookie.Path = "/admin";
                o.ExpireTimeSpan = TimeSpan.FromHours(8);
                o.SlidingExpiration = false;
                o.LoginPath = "/admin/login";
                o.Events.OnRedirectToLogin = c => Deny(c, StatusCodes.Status401Unauthorized);
                o.Events.OnRedirectToAccessDenied = c => Deny(c, StatusCodes.Status403Forbidden);
                // The cookie carries the role it was issued with; an account removed or demoted in
                // configuration loses that access at its next request, not when the cookie expires.
                o.Events.OnValidatePrincipal = async c =>
                {
                    var admin = c.HttpContext.RequestServices.GetRequiredService<Microsoft.Extensions.Options.IOptionsMonitor<AdminOptions>>().CurrentValue;
                    var name = c.Principal?.Identity?.Name;
                    var role = c.Principal?.FindFirst(System.Security.Claims.ClaimTypes.Role)?.Value;
                    var stillValid = c.Principal?.FindFirst("auth")?.Value == AdminConsole.ConsoleKeyMethod
                        // The key was revoked, replaced or given another role: the session ends with it.
                        ? admin.ApiKeys.Any(k => k.Name == name && k.Role == role
                            && ApiKeyAuthenticationHandler.Fingerprint(k.Key) == c.Principal?.FindFirst(AdminConsole.KeyFingerprintClaim)?.Value)
                        // A changed password, role or second factor, or a disabled account, ends every session made before.
                        : await c.HttpContext.RequestServices.GetRequiredService<StaffDirectory>()
                            .SessionAccountAsync(c.Principal, c.HttpContext.RequestAborted) is not null;
                    if (!stillValid) c.RejectPrincipal();
                };
            })
            .AddPolicyScheme(AdminScheme, AdminScheme, o => o.ForwardDefaultSelector = http =>
                http.Request.Headers.Authorization.ToString().StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase)
                    ? ApiKeyAuthenticationHandler.SchemeName : AdminConsole.CookieScheme);
        builder.Services.AddAuthorizationBuilder()
            .AddPolicy(AdminPolicies.Staff, p => p.AddAuthenticationSchemes(AdminScheme)
                .RequireAuthenticatedUser().RequireRole(AdminRoles.Operator, AdminRoles.Compliance))
            .AddPolicy(AdminPolicies.Compliance, p => p.AddAuthenticationSchemes(AdminScheme)
                .RequireAuthenticatedUser().RequireRole(AdminRoles.Compliance))
            .AddPolicy(AdminPolicies.StoreApi, p => p.AddAuthenticationSchemes(ApiKeyAuthenticationHandler.SchemeName)
                .RequireAuthenticatedUser().RequireRole(AdminRoles.Store).RequireClaim(AdminRoles.StoreClaim))
            .AddPolicy(AdminPolicies.Metrics, p => p.AddAuthenticationSchemes(AdminScheme)
                .RequireAssertion(c => Telemetry.TelemetryOptions.MayReadMetrics(c, [AdminRoles.Operator, AdminRoles.Compliance])));
        return builder;
    }

    public const string AdminScheme = "Admin";

    /// <summary>API callers get a status code; people in a browser get the sign-in page or a refusal page.</summary>
    private static async Task Deny(
        Microsoft.AspNetCore.Authentication.RedirectContext<Microsoft.AspNetCore.Authentication.Cookies.CookieAuthenticationOptions> context,
        int status)
    {
        // The metrics scrape is a machine's request too: a status, never the sign-in page.
        var page = !context.Request.Path.StartsWithSegments("/admin/api") && !context.Request.Path.StartsWithSegments(Telemetry.TelemetrySetup.MetricsPath);
        if (status == StatusCodes.Status401Unauthorized && page)
        {
            context.Response.Redirect(context.RedirectUri);
            return;
        }
        // A browser opening a page the role may not see (the evidence report sits under /admin/api, so it asks for HTML).
        if (page || context.Request.Headers.Accept.ToString().Contains("text/html", StringComparison.Ordinal))
        {
            // An Operator following a link to a Compliance page: a console page that says so, not a bare 403.
            var refusal = new ConsoleNotFoundView("无权访问此页面", "返回管理台首页", "/admin")
            {
                Text = "此页面仅限合规专员（Compliance）使用。如需查看，请联系合规专员或管理员为您的账号调整角色。",
            };
            await ConsoleLayout.Render<ConsoleNotFoundPage>(context.HttpContext, refusal, status).ExecuteAsync(context.HttpContext);
            return;
        }
        context.Response.StatusCode = status;
    }

    /// <summary>The console's sign-in, home page and script, and the jobs dashboard.</summary>
    public static WebApplication MapAdmin(this WebApplication app)
    {
        app.MapAdminConsole();
        app.MapConsoleSignInSteps();
        app.MapOwnAccount();
        app.MapStaffAccountPages();
        app.MapAdminApi().MapStaffAccountAdmin();
        app.MapConsoleScript();
        app.MapJobsDashboard();
        if (app.Services.GetRequiredService<Microsoft.Extensions.Options.IOptions<AdminOptions>>().Value.HasNoConsoleAccount)
            app.Logger.LogWarning(
                "No console account is configured, so no one can sign in at /admin/login. Add one with Admin:Users " +
                "(e.g. Admin__Users__0__Name=li.lei, Admin__Users__0__PasswordHash=<hash>, Admin__Users__0__Role=Operator; make the hash with " +
                "'dotnet run --project src/WechatLeads.Server --no-launch-profile -- hash-password') or Admin:ApiKeys; see the README");
        return app;
    }

    /// <summary>console.js: every console form posts through it.</summary>
    public static IEndpointRouteBuilder MapConsoleScript(this IEndpointRouteBuilder app)
    {
        app.MapGet("/admin/console.js", (HttpContext http) =>
        {
            http.Response.Headers.CacheControl = "private, max-age=300";
            return Results.Stream(
                typeof(AdminSetup).Assembly.GetManifestResourceStream("WechatLeads.Server.Admin.console.js")!,
                "text/javascript; charset=utf-8");
        }).ExcludeFromDescription().RequireAuthorization(AdminPolicies.Staff);
        return app;
    }
}

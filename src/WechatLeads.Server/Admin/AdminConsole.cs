using System.Security.Claims;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;
using WechatLeads.Server.Audit;
using WechatLeads.Server.Platform.Web;

namespace WechatLeads.Server.Admin;

/// <summary>
/// The console's door: sign-in with an account from <c>Admin:Users</c> or the console's own accounts, a cookie limited to
/// <c>/admin</c>, antiforgery on every form, lock-out after repeated failures, and every sign-in — and every
/// failed one — in the audit log.
/// </summary>
internal static class AdminConsole
{
    public const string CookieScheme = "AdminCookie";
    public const string PasswordMethod = StaffClaims.PasswordMethod;
    /// <summary>Signed in to the console by pasting an <c>Admin:ApiKeys</c> key (for staff who hold a key, not an account).</summary>
    public const string ConsoleKeyMethod = "console-api-key";
    /// <summary>Present on every console cookie: such requests must carry the antiforgery token to change data.</summary>
    public const string ConsoleSessionClaim = StaffClaims.ConsoleSession;
    public const string SignInLimit = RateLimits.SignIns;

    public static IEndpointRouteBuilder MapAdminConsole(this IEndpointRouteBuilder app)
    {
        var console = app.MapGroup("/admin").ExcludeFromDescription();
        console.MapGet("/login", (HttpContext http, IAntiforgery antiforgery, string? returnUrl) => LoginPage(http, antiforgery, returnUrl, null, 200));
        console.MapPost("/login", SignInAsync).DisableAntiforgery() // validated explicitly, to answer with a page
            .RequireRateLimiting(SignInLimit);
        console.MapPost("/logout", SignOutAsync).DisableAntiforgery().RequireAuthorization(AdminPolicies.Staff);
        console.MapGet("/", Home).RequireAuthorization(AdminPolicies.Staff);
        return app;
    }

    private static async Task<IResult> SignInAsync(
        HttpContext http,
        IAntiforgery antiforgery,
        IOptionsMonitor<AdminOptions> options,
        StaffDirectory directory,
        StaffLockout lockout,
        AuditLog audit,
        CancellationToken ct)
    {
        if (!await antiforgery.IsRequestValidAsync(http))
            return LoginPage(http, antiforgery, null, "页面已过期，请重新登录。", 400);
        var form = await http.Request.ReadFormAsync(ct);
        var returnUrl = form["returnUrl"].ToString();
        if (form["apiKey"].ToString() is { Length: > 0 } apiKey) return await SignInWithKeyAsync(http, antiforgery, options, audit, apiKey, returnUrl, ct);
        var name = form["name"].ToString().Trim();
        var password = form["password"].ToString();
        if (name.Length is 0 or > 128 || password.Length is 0 or > 256)
            return LoginPage(http, antiforgery, returnUrl, "请输入账号和密码。", 400);

        var check = await StaffPasswordSignIn.CheckAsync(http, directory, lockout, audit, name, password, "console", "/admin/login", ct);
        if (check.User is not { } user) return LoginPage(http, antiforgery, returnUrl, check.Error, check.Status);
        // Store staff have no console: their page is /staff/redeem, with a session of its own.
        if (user.Role == AdminRoles.Store)
        {
            await StaffPasswordSignIn.RefuseAsync(http, audit, user.Name, user.Role, "console", "store account", ct);
            return LoginPage(http, antiforgery, returnUrl, StoreAccountHere, StatusCodes.Status403Forbidden);
        }
        // A database account may still owe an authenticator code, its set-up, or a new password after a reset.
        return await ConsoleSignInSteps.ContinueAsync(http, user, returnUrl, ct);
    }

    private static async Task<IResult> SignInWithKeyAsync(
        HttpContext http,
        IAntiforgery antiforgery,
        IOptionsMonitor<AdminOptions> options,
        AuditLog audit,
        string apiKey,
        string returnUrl,
        CancellationToken ct)
    {
        // No lock-out row: a key has no name to lock. Guessing 24+ random characters is hopeless, and the
        // per-address sign-in rate limit still applies; every failure is audited.
        var key = apiKey.Length <= 256 ? ApiKeyAuthenticationHandler.Match(apiKey.Trim(), options.CurrentValue.ApiKeys) : null;
        if (key is null)
        {
            await audit.AppendAsync(http, new AuditRecord(AuditActions.SignInFailed, "console", 0, "unknown API key"), ct,
                new ClaimsPrincipal(new ClaimsIdentity([new Claim(ClaimTypes.Name, "(unknown API key)"), new Claim("auth", ConsoleKeyMethod)])));
            return LoginPage(http, antiforgery, returnUrl, "API 密钥不正确。", 401);
        }
        if (key.Role == AdminRoles.Store) // a till's key: it redeems through the POS API, it opens no console
        {
            await audit.AppendAsync(http, new AuditRecord(AuditActions.SignInFailed, "console", 0, "store key"), ct,
                new ClaimsPrincipal(new ClaimsIdentity([
                    new Claim(ClaimTypes.Name, key.Name),
                    new Claim(ClaimTypes.Role, key.Role),
                    new Claim("auth", ConsoleKeyMethod)])));
            return LoginPage(http, antiforgery, returnUrl, StoreAccountHere, StatusCodes.Status403Forbidden);
        }
        return await StartSessionAsync(http, audit, key.Name, key.Role, ConsoleKeyMethod, returnUrl, ct, ApiKeyAuthenticationHandler.Fingerprint(key.Key));
    }

    /// <summary>
    /// What the session was made with: the API key's fingerprint, or the account's password hash's. A key
    /// replaced, or a password changed (a new hash in <c>Admin:Users</c>), ends every session made with the old one.
    /// </summary>
    public const string KeyFingerprintClaim = "key-fingerprint";

    /// <summary>A short one-way digest of the configured hash: the hash itself never travels, even sealed in a cookie.</summary>
    public static string PasswordFingerprint(string passwordHash) =>
        Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes("console-password:" + passwordHash)))[..16];

    /// <summary>The session of a person whose every sign-in step is done.</summary>
    public static Task<IResult> StartSessionAsync(HttpContext http, StaffIdentity user, string returnUrl, CancellationToken ct) =>
        StartSessionAsync(http, http.RequestServices.GetRequiredService<AuditLog>(), user.Name, user.Role, PasswordMethod, returnUrl, ct, user.Fingerprint);

    /// <summary>
    /// After the person changed their own password or second factor (a new stamp, which ends every session made
    /// before): this browser's session is renewed, the others stay ended.
    /// </summary>
    public static Task RenewSessionAsync(HttpContext http, StaffIdentity user) =>
        http.SignInAsync(CookieScheme, SessionPrincipal(user.Name, user.Role, PasswordMethod, user.Fingerprint));

    private static ClaimsPrincipal SessionPrincipal(string name, string role, string method, string? keyFingerprint)
    {
        List<Claim> claims = [new(ClaimTypes.Name, name), new(ClaimTypes.Role, role), new("auth", method), new(ConsoleSessionClaim, "1")];
        if (keyFingerprint is not null) claims.Add(new Claim(KeyFingerprintClaim, keyFingerprint));
        return new ClaimsPrincipal(new ClaimsIdentity(claims, CookieScheme));
    }

    private static async Task<IResult> StartSessionAsync(
        HttpContext http, AuditLog audit, string name, string role, string method, string returnUrl, CancellationToken ct, string? keyFingerprint = null)
    {
        var principal = SessionPrincipal(name, role, method, keyFingerprint);
        await audit.AppendAsync(http, new AuditRecord(AuditActions.SignIn, "console"), ct, principal);
        await http.SignInAsync(CookieScheme, principal);
        return Results.Redirect(IsLocalAdmin(returnUrl) ? returnUrl : "/admin");
    }

    private static async Task<IResult> SignOutAsync(HttpContext http, IAntiforgery antiforgery)
    {
        if (!await antiforgery.IsRequestValidAsync(http)) return PageResult.Problem(400, "页面已过期", "请刷新后再退出。", "返回", "/admin");
        await http.SignOutAsync(CookieScheme);
        return Results.Redirect("/admin/login");
    }

    private static IResult Home(HttpContext http) => ConsoleLayout.Render<AdminHomePage>(http, new object());

    public static IResult LoginPage(HttpContext http, IAntiforgery antiforgery, string? returnUrl, string? error, int status)
    {
        var token = antiforgery.GetAndStoreTokens(http).RequestToken ?? "";
        // Configuration only: an empty configuration with console-made accounts is still one a person can sign in to,
        // but the box says how to add the first account, which is the case it is for.
        var noAccount = http.RequestServices.GetRequiredService<IOptionsMonitor<AdminOptions>>().CurrentValue.HasNoConsoleAccount
            && !http.RequestServices.GetRequiredService<StaffDirectory>().AnyConsoleAccount();
        var view = new AdminLoginView(token, IsLocalAdmin(returnUrl) ? returnUrl! : "/admin", error, error == StoreAccountHere, noAccount);
        return PageResult.Render<AdminLoginPage>(view, status);
    }

    /// <summary>What a store account is told at the console door.</summary>
    public const string StoreAccountHere = "门店账号不能登录管理台。请在手机上打开 /staff/redeem（门店核销页）用同一账号登录。";

    /// <summary>Back into the console only: never an open redirect.</summary>
    private static bool IsLocalAdmin(string? url) =>
        !string.IsNullOrEmpty(url)
            && url.StartsWith("/admin", StringComparison.Ordinal)
            && !url.StartsWith("//", StringComparison.Ordinal)
            && !url.Contains('\\');
}

using System.Text.Json;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.EntityFrameworkCore;
using WechatLeads.Server.Audit;
using WechatLeads.Server.Data;
using WechatLeads.Server.Platform.Web;

namespace WechatLeads.Server.Admin;

/// <summary>
/// What comes between a right password and a console session for a database account: the authenticator code
/// (or setting one up, when a compliance officer requires it), then a new password after a reset. Until every
/// step is done the browser holds only a sealed, 10-minute "pending" cookie — no session, nothing opens.
/// </summary>
internal static class ConsoleSignInSteps
{
    public const string TotpStep = "totp";
    public const string EnrollStep = "enroll";
    public const string PasswordStep = "password";
    private const string CookieName = "wl_admin_pending";
    private const string Purpose = "WechatLeads.Admin.PendingSignIn.v1";
    private static readonly TimeSpan Lifetime = TimeSpan.FromMinutes(10);

    /// <param name="Fingerprint">The account as it was when the password was checked: a change since then starts over.</param>
    /// <param name="EnrollSecret">The secret shown for setting up an authenticator, until a code from it comes back.</param>
    private sealed record Pending(string Name, string Fingerprint, string ReturnUrl, bool SecondFactorDone, string? EnrollSecret);

    public static IEndpointRouteBuilder MapConsoleSignInSteps(this IEndpointRouteBuilder app)
    {
        app.MapPost("/admin/login/step", StepAsync).DisableAntiforgery().ExcludeFromDescription().RequireRateLimiting(AdminConsole.SignInLimit);
        return app;
    }

    /// <summary>After the password: the next step's page, or the session when nothing is left.</summary>
    public static Task<IResult> ContinueAsync(HttpContext http, StaffIdentity user, string returnUrl, CancellationToken ct) =>
        NextAsync(http, user, new Pending(user.Name, user.Fingerprint, returnUrl, false, null), null, ct);

    private static string? NextStep(StaffIdentity user, Pending state) => user.Account switch
    {
        null => null,
        { TotpSecret: not null } when !state.SecondFactorDone => TotpStep,
        { TotpRequired: true, TotpSecret: null } when !state.SecondFactorDone => EnrollStep,
        { MustChangePassword: true } => PasswordStep,
        _ => null,
    };

    private static async Task<IResult> NextAsync(HttpContext http, StaffIdentity user, Pending state, string? error, CancellationToken ct)
    {
        var step = NextStep(user, state);
        if (step is null)
        {
            http.Response.Cookies.Delete(CookieName, new CookieOptions { Path = "/admin/login" });
            return await AdminConsole.StartSessionAsync(http, user, state.ReturnUrl, ct);
        }
        if (step == EnrollStep && state.EnrollSecret is null) state = state with { EnrollSecret = StaffTotp.NewSecret() };
        http.Response.Cookies.Append(CookieName, Protector(http).Protect(JsonSerializer.Serialize(state), Lifetime), new CookieOptions
        {
            HttpOnly = true,
            Secure = http.Request.IsHttps,
            SameSite = SameSiteMode.Strict,
            Path = "/admin/login",
            MaxAge = Lifetime,
            IsEssential = true,
        });
        var uri = state.EnrollSecret is { } secret && step == EnrollStep ? StaffTotp.UriOf(user.Name, secret) : null;
        var view = new SignInStepView(
            Token(http),
            step,
            user.Name,
            error,
            uri is null ? null : QrCodes.PngDataUri(uri),
            step == EnrollStep ? state.EnrollSecret : null);
        return PageResult.Render<SignInStepPage>(view, error is null ? StatusCodes.Status200OK : StatusCodes.Status400BadRequest);
    }

    private static async Task<IResult> StepAsync(
        HttpContext http, IAntiforgery antiforgery, StaffDirectory directory, StaffLockout lockout, StaffTotp totp, LeadsDbContext db,
        AuditLog audit, TimeProvider time, CancellationToken ct)
    {
        var state = Read(http);
        if (!await antiforgery.IsRequestValidAsync(http) || state is null) return StartOver("登录已过期，请重新输入账号和密码。");
        var user = await directory.FindAsync(state.Name, ct);
        if (user is not { Disabled: false } || user.Fingerprint != state.Fingerprint) return StartOver("账号已变更，请重新登录。");
        var form = await http.Request.ReadFormAsync(ct);
        var step = NextStep(user, state);
        if (step is null || form["step"] != step) return await NextAsync(http, user, state, null, ct);
        var account = user.Account!;
        var address = http.Connection.RemoteIpAddress?.ToString();

        switch (step)
        {
            case TotpStep:
                if (await lockout.IsLockedAsync(user.Name, address, StaffKnownDevice.Has(http, user.Name), ct))
                    return StartOver("尝试次数过多，已暂时锁定，请 15 分钟后再试。");
                if (!await totp.AcceptAsync(account, form["code"], ct))
                {
                    await lockout.RecordFailureAsync(user.Name, address, ct);
                    await audit.AppendAsync(http, new AuditRecord(AuditActions.SignInFailed, "console", 0, "wrong authenticator code"), ct,
                        StaffPasswordSignIn.Attempted(user.Name));
                    return await NextAsync(http, user, state, "验证码不正确或已用过，请输入验证器里当前显示的 6 位数字。", ct);
                }
                return await NextAsync(http, user, state with { SecondFactorDone = true }, null, ct);

            case EnrollStep:
                if (totp.StepOf(state.EnrollSecret!, form["code"]) is not { } firstStep)
                    return await NextAsync(http, user, state, "验证码不正确：请确认手机时间准确，并输入验证器里当前显示的 6 位数字。", ct);
                var enrolled = await StaffAccountWrites.ChangeAsync(
                    db,
                    account.Id,
                    time,
                    a => (a.TotpSecret, a.TotpLastStep) = (totp.Seal(state.EnrollSecret!), firstStep),
                    ct);
                await audit.AppendAsync(http, new AuditRecord(AuditActions.StaffTotpEnrolled, $"staff:{user.Name}"), ct,
                    StaffPasswordSignIn.Attempted(user.Name));
                return await NextAsync(
                    http,
                    enrolled,
                    state with { SecondFactorDone = true, EnrollSecret = null, Fingerprint = enrolled.Fingerprint },
                    null,
                    ct);

            default:
                var password = form["password"].ToString();
                var problem = form["repeat"] != password ? "两次输入的新密码不一致。"
                    : StaffPasswords.Verify(account.PasswordHash, password) ? "新密码不能与临时密码相同。"
                    : StaffAccountRules.PasswordProblem(user.Name, password);
                if (problem is not null) return await NextAsync(http, user, state, problem, ct);
                var changed = await StaffAccountWrites.ChangeAsync(
                    db,
                    account.Id,
                    time,
                    a => (a.PasswordHash, a.MustChangePassword) = (StaffPasswords.Hash(password), false),
                    ct);
                await audit.AppendAsync(http, new AuditRecord(AuditActions.StaffPasswordChanged, $"staff:{user.Name}"), ct,
                    StaffPasswordSignIn.Attempted(user.Name));
                return await NextAsync(http, changed, state with { Fingerprint = changed.Fingerprint }, null, ct);
        }

        IResult StartOver(string message) => AdminConsole.LoginPage(http, antiforgery, state?.ReturnUrl, message, StatusCodes.Status400BadRequest);
    }

    private static Pending? Read(HttpContext http)
    {
        if (http.Request.Cookies[CookieName] is not { Length: > 0 and <= 4096 } value) return null;
        try { return JsonSerializer.Deserialize<Pending>(Protector(http).Unprotect(value)); }
        catch (Exception e) when (e is System.Security.Cryptography.CryptographicException or JsonException) { return null; }
    }

    private static string Token(HttpContext http) =>
        http.RequestServices.GetRequiredService<IAntiforgery>().GetAndStoreTokens(http).RequestToken ?? "";

    private static ITimeLimitedDataProtector Protector(HttpContext http) =>
        http.RequestServices.GetRequiredService<IDataProtectionProvider>().CreateProtector(Purpose).ToTimeLimitedDataProtector();
}

/// <summary>What <see cref="SignInStepPage"/> shows.</summary>
/// <param name="QrDataUri">Setting up an authenticator: the QR code to scan; <paramref name="Secret"/> the same for typing in.</param>
public sealed record SignInStepView(string Antiforgery, string Step, string AccountName, string? Error, string? QrDataUri, string? Secret);

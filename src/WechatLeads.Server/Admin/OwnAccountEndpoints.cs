using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Http.HttpResults;
using WechatLeads.Server.Audit;
using WechatLeads.Server.Data;
using WechatLeads.Server.Platform.Web;

namespace WechatLeads.Server.Admin;

/// <summary>
/// <c>/admin/account</c>: a person's own password and authenticator, for accounts made in the console. Each
/// change needs proof (the current password, or a code from the new authenticator), is audited, ends the
/// account's other sessions and renews this one.
/// </summary>
internal static class OwnAccountEndpoints
{
    public sealed record PasswordChange(string? Current, string? Password, string? Repeat);

    /// <param name="Enrollment">The sealed secret the page showed (<see cref="OwnAccountView.Enrollment"/>).</param>
    public sealed record TotpEnrollment(string? Enrollment, string? Code);

    public sealed record TotpRemoval(string? Current);

    public sealed record Done(IReadOnlyList<string> Notice);

    private const string EnrollmentPurpose = "WechatLeads.Admin.TotpEnrollment.v1";

    public static IEndpointRouteBuilder MapOwnAccount(this IEndpointRouteBuilder app)
    {
        app.MapGet("/admin/account", PageAsync).ExcludeFromDescription().RequireAuthorization(AdminPolicies.Staff);
        var own = app.MapAdminApi().MapGroup("/account");
        own.MapPost("/password", ChangePasswordAsync).WithName("ChangeOwnPassword")
            .WithSummary("Changes the signed-in person's password (console-made accounts).").ProducesProblem(400).ProducesProblem(403).ProducesProblem(409);
        own.MapPost("/totp", EnrollAsync).WithName("EnrollOwnTotp")
            .WithSummary("Turns on the second factor with the secret the account page showed and a code from it.").ProducesProblem(400).ProducesProblem(409);
        own.MapDelete("/totp", RemoveAsync).WithName("RemoveOwnTotp")
            .WithSummary("Turns off the second factor, unless a compliance officer requires it.").ProducesProblem(403).ProducesProblem(409);
        return app;
    }

    private static async Task<IResult> PageAsync(HttpContext http, StaffDirectory directory, IDataProtectionProvider protection, CancellationToken ct)
    {
        var me = http.User.FindFirst("auth")?.Value == AdminConsole.PasswordMethod ? await directory.SessionAccountAsync(http.User, ct) : null;
        string? secret = me?.Account is { TotpSecret: null } ? StaffTotp.NewSecret() : null;
        var view = new OwnAccountView(
            http.User.Identity?.Name ?? "", AdminRoles.Name(http.User.FindFirst(System.Security.Claims.ClaimTypes.Role)?.Value ?? ""),
            me?.Account is not null, me?.HasTotp == true, me?.Account?.TotpRequired == true,
            secret is null ? null : Protector(protection).Protect(secret, TimeSpan.FromMinutes(15)),
            secret is null ? null : QrCodes.PngDataUri(StaffTotp.UriOf(me!.Name, secret)), secret);
        return ConsoleLayout.Render<OwnAccountPage>(http, view);
    }

    private static async Task<Results<Ok<Done>, ValidationProblem, ProblemHttpResult>> ChangePasswordAsync(
        PasswordChange body, HttpContext http, StaffDirectory directory, LeadsDbContext db, TimeProvider time, AuditLog audit, CancellationToken ct)
    {
        if (await MineAsync(http, directory, ct) is not { } me) return StaffAccountProblems.InConfiguration.ToResult();
        if (!StaffPasswords.Verify(me.PasswordHash, body.Current ?? "")) return StaffAccountProblems.PasswordWrong.ToResult();
        var problem = body.Repeat != body.Password ? "两次输入的新密码不一致。"
            : body.Password == body.Current ? "新密码不能与当前密码相同。"
            : StaffAccountRules.PasswordProblem(me.Name, body.Password);
        if (problem is not null) return ApiProblem.Validation("password", [problem]);
        var changed = await StaffAccountWrites.ChangeAsync(db, me.Account!.Id, time,
            a => (a.PasswordHash, a.MustChangePassword) = (StaffPasswords.Hash(body.Password!), false), ct);
        await audit.AppendAsync(http, new AuditRecord(AuditActions.StaffPasswordChanged, $"staff:{me.Name}"), ct);
        await AdminConsole.RenewSessionAsync(http, changed);
        return TypedResults.Ok(new Done(["密码已修改。其他设备上的登录已退出。"]));
    }

    private static async Task<Results<Ok<Done>, ValidationProblem, ProblemHttpResult>> EnrollAsync(
        TotpEnrollment body, HttpContext http, StaffDirectory directory, StaffTotp totp, IDataProtectionProvider protection, LeadsDbContext db,
        TimeProvider time, AuditLog audit, CancellationToken ct)
    {
        if (await MineAsync(http, directory, ct) is not { } me) return StaffAccountProblems.InConfiguration.ToResult();
        string secret;
        try { secret = Protector(protection).Unprotect(body.Enrollment ?? ""); }
        catch (System.Security.Cryptography.CryptographicException)
        {
            return ApiProblem.Validation("enrollment", ["二维码已过期，请刷新页面后重新扫描。"]);
        }
        if (totp.StepOf(secret, body.Code) is not { } step)
            return ApiProblem.Validation("code", ["验证码不正确：请确认手机时间准确，并输入验证器里当前显示的 6 位数字。"]);
        var changed = await StaffAccountWrites.ChangeAsync(db, me.Account!.Id, time, a => (a.TotpSecret, a.TotpLastStep) = (totp.Seal(secret), step), ct);
        await audit.AppendAsync(http, new AuditRecord(AuditActions.StaffTotpEnrolled, $"staff:{me.Name}"), ct);
        await AdminConsole.RenewSessionAsync(http, changed);
        return TypedResults.Ok(new Done(["两步验证已启用：以后登录时需要输入验证器里的 6 位数字。"]));
    }

    private static async Task<Results<Ok<Done>, ProblemHttpResult>> RemoveAsync(
        [Microsoft.AspNetCore.Mvc.FromBody] TotpRemoval body,
        HttpContext http,
        StaffDirectory directory,
        LeadsDbContext db,
        TimeProvider time,
        AuditLog audit,
        CancellationToken ct)
    {
        if (await MineAsync(http, directory, ct) is not { } me) return StaffAccountProblems.InConfiguration.ToResult();
        if (!StaffPasswords.Verify(me.PasswordHash, body.Current ?? "")) return StaffAccountProblems.PasswordWrong.ToResult();
        if (me.Account!.TotpRequired) return StaffAccountProblems.TotpRequired.ToResult();
        var changed = await StaffAccountWrites.ChangeAsync(db, me.Account.Id, time, a => (a.TotpSecret, a.TotpLastStep) = (null, 0), ct);
        await audit.AppendAsync(http, new AuditRecord(AuditActions.StaffTotpRemoved, $"staff:{me.Name}"), ct);
        await AdminConsole.RenewSessionAsync(http, changed);
        return TypedResults.Ok(new Done(["两步验证已关闭。"]));
    }

    /// <summary>The signed-in person's console-made account; null for configured accounts and API keys.</summary>
    private static async Task<StaffIdentity?> MineAsync(HttpContext http, StaffDirectory directory, CancellationToken ct) =>
        http.User.FindFirst("auth")?.Value == AdminConsole.PasswordMethod && await directory.SessionAccountAsync(http.User, ct) is { Account: not null } me
            ? me : null;

    private static ITimeLimitedDataProtector Protector(IDataProtectionProvider protection) =>
        protection.CreateProtector(EnrollmentPurpose).ToTimeLimitedDataProtector();
}

/// <summary>What <see cref="OwnAccountPage"/> shows.</summary>
/// <param name="Changeable">A console-made account (configured accounts and keys are changed in configuration).</param>
/// <param name="Enrollment">No authenticator yet: a sealed new secret for the set-up form, its QR code and its text.</param>
public sealed record OwnAccountView(
    string Name, string Role, bool Changeable, bool TotpEnrolled, bool TotpRequired, string? Enrollment, string? QrDataUri, string? Secret);

using System.Security.Claims;
using WechatLeads.Server.Audit;

namespace WechatLeads.Server.Admin;

/// <summary>
/// The name-and-password check behind both doors for people — the console (<c>/admin/login</c>) and the store
/// staff page (<c>/staff/login</c>): the same lock-out, the same known-device exception, the same audit, the same
/// answers for real and unknown names. What the account may then open is each door's own decision.
/// </summary>
internal static class StaffPasswordSignIn
{
    /// <summary>The account when the password is right; otherwise the message and status the sign-in page shows.</summary>
    public sealed record Result(StaffIdentity? User, string? Error, int Status);

    /// <param name="door">Audit target: <c>console</c> or <c>staff</c>.</param>
    /// <param name="signInPath">Where the known-device cookie is sent back to: the door's sign-in path.</param>
    public static async Task<Result> CheckAsync(
        HttpContext http,
        StaffDirectory directory,
        StaffLockout lockout,
        AuditLog audit,
        string name,
        string password,
        string door,
        string signInPath,
        CancellationToken ct)
    {
        var user = await directory.FindAsync(name, ct);
        // A typed name that is no account may be a password typed in the wrong box: never keep it.
        var who = Attempted(user?.Name ?? "(unknown account)");
        var address = http.Connection.RemoteIpAddress?.ToString();
        // Real and unknown names take the same path: the same lock rules, the same reads and writes, the
        // same answers — nothing here tells which names are accounts.
        if (await lockout.IsLockedAsync(name, address, StaffKnownDevice.Has(http, name), ct))
        {
            await audit.AppendAsync(http, new AuditRecord(AuditActions.SignInFailed, door, 0, "locked"), ct, who);
            return new Result(null, "尝试次数过多，已暂时锁定，请 15 分钟后再试。", StatusCodes.Status429TooManyRequests);
        }
        if (!StaffPasswords.Verify(user?.PasswordHash, password))
        {
            await lockout.RecordFailureAsync(name, address, ct);
            await audit.AppendAsync(http, new AuditRecord(AuditActions.SignInFailed, door, 0, "wrong name or password"), ct, who);
            return new Result(null, "账号或密码不正确。", StatusCodes.Status401Unauthorized);
        }

        await lockout.ClearAsync(name, address, ct);
        if (user!.Disabled)
        {
            // Only someone who knows the password learns the account is disabled.
            await audit.AppendAsync(http, new AuditRecord(AuditActions.SignInFailed, door, 0, "account disabled"), ct, who);
            return new Result(null, "此账号已停用。如需恢复，请联系合规专员。", StatusCodes.Status403Forbidden);
        }
        StaffKnownDevice.Remember(http, user.Name, signInPath);
        return new Result(user, null, StatusCodes.Status200OK);
    }

    /// <summary>A right password at the wrong door (a store account at the console, or the reverse): audited, no session.</summary>
    public static Task RefuseAsync(HttpContext http, AuditLog audit, string name, string role, string door, string reason, CancellationToken ct) =>
        audit.AppendAsync(http, new AuditRecord(AuditActions.SignInFailed, door, 0, reason), ct,
            new ClaimsPrincipal(new ClaimsIdentity([
                new Claim(ClaimTypes.Name, name),
                new Claim(ClaimTypes.Role, role),
                new Claim("auth", AdminConsole.PasswordMethod)])));

    /// <summary>Who tried: a configured account name or a constant, marked as unauthenticated.</summary>
    public static ClaimsPrincipal Attempted(string name) =>
        new(new ClaimsIdentity([new Claim(ClaimTypes.Name, name), new Claim("auth", AdminConsole.PasswordMethod)]));
}

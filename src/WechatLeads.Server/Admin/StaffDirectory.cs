using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using WechatLeads.Server.Data;

namespace WechatLeads.Server.Admin;

/// <summary>An account someone can sign in with, wherever it is kept.</summary>
/// <param name="Fingerprint">What a session made with this account carries; it changes when the password or stamp does.</param>
/// <param name="Account">The database row; null for an account from <c>Admin:Users</c>.</param>
internal sealed record StaffIdentity(string Name, string PasswordHash, string Role, string Store, string Fingerprint, StaffAccount? Account)
{
    public bool Disabled => Account?.Disabled == true;
    public bool HasTotp => Account?.TotpSecret is not null;
}

/// <summary>
/// Finds accounts by name: first <c>Admin:Users</c> (configuration wins, and the console cannot make an account
/// with a configured name), then the <see cref="StaffAccount"/> table. Every sign-in and every console request
/// asks here, so an account disabled or changed in the console is refused at once on every instance.
/// </summary>
internal sealed class StaffDirectory(IOptionsMonitor<AdminOptions> options, LeadsDbContext db)
{
    public async Task<StaffIdentity?> FindAsync(string name, CancellationToken ct)
    {
        if (Configured(name) is { } user)
            return new StaffIdentity(user.Name, user.PasswordHash, user.Role, user.Store, AdminConsole.PasswordFingerprint(user.PasswordHash), null);
        var normalized = Normalize(name);
        if (normalized.Length is 0 or > 64) return null;
        var account = await db.Set<StaffAccount>().AsNoTracking().SingleOrDefaultAsync(a => a.NormalizedName == normalized, ct);
        return account is null ? null : Of(account);
    }

    public static StaffIdentity Of(StaffAccount a) =>
        new(a.Name, a.PasswordHash, a.Role, a.Store, AdminConsole.PasswordFingerprint(a.PasswordHash + "\n" + a.SecurityStamp), a);

    public StaffUserOptions? Configured(string name) =>
        options.CurrentValue.Users.FirstOrDefault(u => string.Equals(u.Name, name.Trim(), StringComparison.OrdinalIgnoreCase));

    /// <summary>A name a configured user or API key already has: the audit log would not tell the two apart.</summary>
    public bool NameIsConfigured(string name) =>
        Configured(name) is not null || options.CurrentValue.ApiKeys.Any(k => string.Equals(k.Name, name.Trim(), StringComparison.OrdinalIgnoreCase));

    /// <summary>A Compliance user or key in configuration: someone who can always manage accounts.</summary>
    public bool AnyConfiguredCompliance() =>
        options.CurrentValue.Users.Any(u => u.Role == Platform.Web.AdminRoles.Compliance)
            || options.CurrentValue.ApiKeys.Any(k => k.Role == Platform.Web.AdminRoles.Compliance);

    /// <summary>An enabled Operator or Compliance account made in the console exists.</summary>
    public bool AnyConsoleAccount() =>
        db.Set<StaffAccount>().Any(a => !a.Disabled && (a.Role == Platform.Web.AdminRoles.Operator || a.Role == Platform.Web.AdminRoles.Compliance));

    public static string Normalize(string name) => name.Trim().ToLowerInvariant();

    /// <summary>
    /// The account behind a session, when the session still stands: the account exists, is enabled, and has the
    /// role, password and stamp the session was made with. Null ends the session.
    /// </summary>
    public async Task<StaffIdentity?> SessionAccountAsync(System.Security.Claims.ClaimsPrincipal? principal, CancellationToken ct)
    {
        if (principal?.Identity?.Name is not { } name) return null;
        var identity = await FindAsync(name, ct);
        return identity is { Disabled: false }
            && identity.Role == principal.FindFirst(System.Security.Claims.ClaimTypes.Role)?.Value
            && identity.Fingerprint == principal.FindFirst(AdminConsole.KeyFingerprintClaim)?.Value
            ? identity : null;
    }
}

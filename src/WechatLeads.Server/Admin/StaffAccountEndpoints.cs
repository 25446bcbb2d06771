using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using WechatLeads.Server.Audit;
using WechatLeads.Server.Data;
using WechatLeads.Server.Platform.Web;

namespace WechatLeads.Server.Admin;

/// <summary>
/// Compliance officers keep the staff accounts: create one (with a temporary password shown once), change its
/// role or stores, disable or enable it, reset its password, require or remove its second factor. Every change
/// is audited and ends the account's open sessions. Accounts from <c>Admin:Users</c> are listed but read-only.
/// </summary>
public static class StaffAccountEndpoints
{
    /// <param name="Source"><c>console</c> (changeable here) or <c>configuration</c> (Admin:Users, read-only).</param>
    public sealed record StaffAccountView(
        string Name, string Role, string Store, string Source, bool Disabled, bool TotpRequired, bool TotpEnrolled, bool MustChangePassword,
        DateTime? CreatedAt, string? CreatedBy);

    public sealed record NewAccount(string? Name, string? Role, string? Store, bool TotpRequired);

    /// <summary>Only the fields sent change.</summary>
    public sealed record AccountChange(string? Role, string? Store, bool? Disabled, bool? TotpRequired);

    /// <param name="Notice">What the console shows: the password, once, and what to do with it.</param>
    public sealed record TemporaryPasswordView(string Name, string TemporaryPassword, IReadOnlyList<string> Notice);

    internal static RouteGroupBuilder MapStaffAccountAdmin(this RouteGroupBuilder admin)
    {
        var accounts = admin.MapGroup("/staff-accounts").RequireAuthorization(AdminPolicies.Compliance);
        accounts.MapGet("/", AllAsync).WithName("ListStaffAccounts").WithSummary("Every staff account: made in the console, and from Admin:Users.");
        accounts.MapPost("/", CreateAsync).WithName("CreateStaffAccount")
            .WithSummary("Creates an account with a temporary password, answered once; the first console sign-in replaces it.")
            .ProducesProblem(400).ProducesProblem(409);
        accounts.MapPatch("/{name}", ChangeAsync).WithName("ChangeStaffAccount")
            .WithSummary("Changes role, stores, disabled or second-factor requirement; open sessions of the account end.")
            .ProducesProblem(400).ProducesProblem(404).ProducesProblem(409);
        accounts.MapPost("/{name}/password-reset", ResetPasswordAsync).WithName("ResetStaffPassword")
            .WithSummary("A new temporary password, answered once; the old password and every session stop working.")
            .ProducesProblem(404).ProducesProblem(409);
        accounts.MapDelete("/{name}/totp", RemoveTotpAsync).WithName("RemoveStaffTotp")
            .WithSummary("Removes the account's authenticator (a lost phone); if a second factor is required, the next sign-in sets up a new one.")
            .ProducesProblem(404).ProducesProblem(409);
        return admin;
    }

    internal static async Task<List<StaffAccountView>> AllAsync(LeadsDbContext db, IOptionsMonitor<AdminOptions> options, CancellationToken ct)
    {
        var configured = options.CurrentValue.Users
            .Select(u => new StaffAccountView(u.Name, u.Role, u.Store, "configuration", false, false, false, false, null, null));
        var made = await db.Set<StaffAccount>().AsNoTracking().OrderBy(a => a.NormalizedName).ToListAsync(ct);
        return [.. configured, .. made.Select(ViewOf)];
    }

    private static StaffAccountView ViewOf(StaffAccount a) =>
        new(a.Name, a.Role, a.Store, "console", a.Disabled, a.TotpRequired, a.TotpSecret is not null, a.MustChangePassword, a.CreatedAt, a.CreatedBy);

    private static async Task<Results<Created<TemporaryPasswordView>, ValidationProblem, ProblemHttpResult>> CreateAsync(
        NewAccount body, LeadsDbContext db, StaffDirectory directory, TimeProvider time, AuditLog audit, HttpContext http, CancellationToken ct)
    {
        var name = body.Name?.Trim() ?? "";
        var store = NormalizeStores(body.Store);
        var problems = new List<string>();
        if (!StaffAccountRules.IsAccountName(name)) problems.Add("账号名为 2–64 个字母、数字或 . _ - @，以字母或数字开头。");
        if (StaffAccountRules.RoleProblem(body.Role, store) is { } roleProblem) problems.Add(roleProblem);
        if (problems.Count > 0) return ApiProblem.Validation("account", problems);
        if (directory.NameIsConfigured(name) || await db.Set<StaffAccount>().AnyAsync(a => a.NormalizedName == StaffDirectory.Normalize(name), ct))
            return StaffAccountProblems.NameTaken.ToResult();

        var password = StaffAccountRules.TemporaryPassword();
        var now = time.GetUtcNow().UtcDateTime;
        db.Add(new StaffAccount
        {
            Name = name,
            NormalizedName = StaffDirectory.Normalize(name),
            PasswordHash = StaffPasswords.Hash(password),
            Role = body.Role!,
            Store = store,
            // A store account's password is set here and handed to the counter; console accounts choose their own.
            MustChangePassword = body.Role != AdminRoles.Store,
            TotpRequired = body.TotpRequired && body.Role != AdminRoles.Store,
            SecurityStamp = StaffAccountRules.NewSecurityStamp(),
            CreatedAt = now,
            UpdatedAt = now,
            CreatedBy = http.User.Identity?.Name ?? "",
        });
        try { await db.SaveChangesAsync(ct); }
        catch (DbUpdateException) { return StaffAccountProblems.NameTaken.ToResult(); } // the same name made at the same moment
        await audit.AppendAsync(http, new AuditRecord(AuditActions.StaffAccountCreated,
            $"staff:{name} role={body.Role}{(store.Length > 0 ? " store=" + store : "")}{(body.TotpRequired ? " totp=required" : "")}"), ct);
        return TypedResults.Created($"/admin/api/staff-accounts/{Uri.EscapeDataString(name)}", Handover(name, password, body.Role!));
    }

    private static async Task<Results<Ok<StaffAccountView>, ValidationProblem, ProblemHttpResult>> ChangeAsync(
        string name, AccountChange body, LeadsDbContext db, StaffDirectory directory, TimeProvider time, AuditLog audit, HttpContext http,
        CancellationToken ct)
    {
        if (await EditableAsync(name, db, directory, ct) is not { } account) return Refusal(name, directory);
        var role = body.Role ?? account.Role;
        var store = body.Store is null ? (role == AdminRoles.Store ? account.Store : "") : NormalizeStores(body.Store);
        if (StaffAccountRules.RoleProblem(role, store) is { } problem) return ApiProblem.Validation("account", [problem]);
        var demotesOrDisables = role != account.Role || body.Disabled == true;
        if (demotesOrDisables && IsSelf(http.User, account)) return StaffAccountProblems.Own.ToResult();
        if (demotesOrDisables && account.Role == AdminRoles.Compliance && !account.Disabled && !await AnotherComplianceAsync(db, directory, account, ct))
            return StaffAccountProblems.LastCompliance.ToResult();

        var changed = await StaffAccountWrites.ChangeAsync(db, account.Id, time, a =>
        {
            (a.Role, a.Store) = (role, store);
            a.Disabled = body.Disabled ?? a.Disabled;
            a.TotpRequired = role != AdminRoles.Store && (body.TotpRequired ?? a.TotpRequired);
        }, ct);
        var what = string.Join(' ', new[]
        {
            role != account.Role ? $"role={account.Role}->{role}" : null,
            store != account.Store ? $"store={store}" : null,
            body.Disabled is { } d && d != account.Disabled ? (d ? "disabled" : "enabled") : null,
            changed.Account!.TotpRequired != account.TotpRequired ? (changed.Account.TotpRequired ? "totp=required" : "totp=optional") : null,
        }.Where(x => x is not null));
        await audit.AppendAsync(http, new AuditRecord(AuditActions.StaffAccountChanged, $"staff:{account.Name} {what}".Trim()), ct);
        return TypedResults.Ok(ViewOf(changed.Account));
    }

    private static async Task<Results<Ok<TemporaryPasswordView>, ProblemHttpResult>> ResetPasswordAsync(
        string name, LeadsDbContext db, StaffDirectory directory, TimeProvider time, AuditLog audit, HttpContext http, CancellationToken ct)
    {
        if (await EditableAsync(name, db, directory, ct) is not { } account) return Refusal(name, directory);
        if (IsSelf(http.User, account)) return StaffAccountProblems.Own.ToResult(); // one's own: /admin/account, knowing the current one
        var password = StaffAccountRules.TemporaryPassword();
        await StaffAccountWrites.ChangeAsync(db, account.Id, time, a =>
            (a.PasswordHash, a.MustChangePassword) = (StaffPasswords.Hash(password), a.Role != AdminRoles.Store), ct);
        await audit.AppendAsync(http, new AuditRecord(AuditActions.StaffPasswordReset, $"staff:{account.Name}"), ct);
        return TypedResults.Ok(Handover(account.Name, password, account.Role));
    }

    private static async Task<Results<Ok<StaffAccountView>, ProblemHttpResult>> RemoveTotpAsync(
        string name, LeadsDbContext db, StaffDirectory directory, TimeProvider time, AuditLog audit, HttpContext http, CancellationToken ct)
    {
        if (await EditableAsync(name, db, directory, ct) is not { } account) return Refusal(name, directory);
        var changed = await StaffAccountWrites.ChangeAsync(db, account.Id, time, a => (a.TotpSecret, a.TotpLastStep) = (null, 0), ct);
        await audit.AppendAsync(http, new AuditRecord(AuditActions.StaffTotpRemoved, $"staff:{account.Name} by compliance"), ct);
        return TypedResults.Ok(ViewOf(changed.Account!));
    }

    private static TemporaryPasswordView Handover(string name, string password, string role) => new(name, password,
    [
        $"账号 {name} 的临时密码：{password}",
        "只显示这一次，请当面或通过安全渠道交给本人，不要用微信群或邮件转发。",
        role == AdminRoles.Store ? "门店账号用它在 /staff/login 登录。" : "本人首次登录管理台时须设置新密码。",
    ]);

    /// <summary>A console-made account, tracked for change; null when there is none (or it is a configured one).</summary>
    private static async Task<StaffAccount?> EditableAsync(string name, LeadsDbContext db, StaffDirectory directory, CancellationToken ct) =>
        directory.Configured(name) is not null ? null
            : await db.Set<StaffAccount>().AsNoTracking().SingleOrDefaultAsync(a => a.NormalizedName == StaffDirectory.Normalize(name), ct);

    private static ProblemHttpResult Refusal(string name, StaffDirectory directory) =>
        (directory.Configured(name) is not null ? StaffAccountProblems.InConfiguration : StaffAccountProblems.NotFound).ToResult();

    private static bool IsSelf(ClaimsPrincipal user, StaffAccount account) =>
        string.Equals(user.Identity?.Name, account.Name, StringComparison.OrdinalIgnoreCase);

    /// <summary>Someone else can still manage accounts: an enabled Compliance account other than this one, or a configured one.</summary>
    private static async Task<bool> AnotherComplianceAsync(LeadsDbContext db, StaffDirectory directory, StaffAccount account, CancellationToken ct) =>
        directory.AnyConfiguredCompliance()
            || await db.Set<StaffAccount>().AnyAsync(a => a.Id != account.Id && !a.Disabled && a.Role == AdminRoles.Compliance, ct);

    private static string NormalizeStores(string? store) => string.Join(',', AdminRoles.StoreCodes(store ?? "").Distinct(StringComparer.Ordinal));
}

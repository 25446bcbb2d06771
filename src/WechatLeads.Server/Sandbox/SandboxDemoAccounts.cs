using WechatLeads.Server.Admin;
using WechatLeads.Server.Platform;
using WechatLeads.Server.Platform.Web;

namespace WechatLeads.Server.Sandbox;

/// <summary>
/// Demo accounts, so the README's first command leads straight into the console: <c>demo-operator</c> (marketing)
/// and <c>demo-compliance</c> (compliance officer) for <c>/admin</c>, and the store accounts <c>store-sh001</c> at
/// SH001 and <c>store-sh002</c> at SH002 for <c>/staff/redeem</c> (to see a used coupon refused at a second store).
/// Their passwords are public: shown on <c>/sandbox</c> and in the start-up log. Development only (never a test host,
/// never a shared staging server with Sandbox:Enabled), and added after configuration, so a configured account of the
/// same name wins.
/// </summary>
internal static class SandboxDemoAccounts
{
    public const string OperatorName = "demo-operator";
    public const string ComplianceName = "demo-compliance";
    public const string ConsolePassword = "sandbox-console-demo";
    public const string StoreName = "store-sh001";
    public const string SecondStoreName = "store-sh002";
    public const string StorePassword = "sandbox-store-demo";

    public static bool AreOn(IHostEnvironment environment, IConfiguration configuration) =>
        environment.IsDevelopment()
        && WechatAccount.From(configuration.GetSection(WechatOptions.Section).Get<WechatOptions>() ?? new WechatOptions())
            .SandboxEnabledIn(environment);

    public static void AddSandboxDemoAccounts(this WebApplicationBuilder builder)
    {
        if (!AreOn(builder.Environment, builder.Configuration)) return;
        // Hashed once per start: every session's fingerprint stays the same while it runs.
        var consoleHash = StaffPasswords.Hash(ConsolePassword);
        var storeHash = StaffPasswords.Hash(StorePassword);
        builder.Services.PostConfigure<AdminOptions>(o =>
        {
            Add(o, OperatorName, consoleHash, AdminRoles.Operator, "");
            Add(o, ComplianceName, consoleHash, AdminRoles.Compliance, "");
            Add(o, StoreName, storeHash, AdminRoles.Store, "SH001");
            Add(o, SecondStoreName, storeHash, AdminRoles.Store, "SH002");
        });
    }

    /// <summary>Says in the start-up log how to get in: the first thing a newcomer looks for.</summary>
    public static void LogSandboxDemoAccounts(this WebApplication app)
    {
        if (!AreOn(app.Environment, app.Configuration)) return;
        app.Logger.LogWarning(
            "Sandbox demo accounts: console /admin/login as {Operator} (marketing) or {Compliance} (compliance), password {ConsolePassword}; " +
            "store page /staff/redeem as {Store} or {SecondStore}, password {StorePassword}",
            OperatorName, ComplianceName, ConsolePassword, StoreName, SecondStoreName, StorePassword);
    }

    private static void Add(AdminOptions options, string name, string hash, string role, string store)
    {
        if (options.Users.Any(u => string.Equals(u.Name, name, StringComparison.OrdinalIgnoreCase))) return;
        options.Users.Add(new StaffUserOptions { Name = name, PasswordHash = hash, Role = role, Store = store });
    }
}

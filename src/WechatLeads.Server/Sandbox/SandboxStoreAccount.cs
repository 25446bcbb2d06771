using WechatLeads.Server.Admin;
using WechatLeads.Server.Platform;
using WechatLeads.Server.Platform.Web;

namespace WechatLeads.Server.Sandbox;

/// <summary>
/// Demo store accounts for trying <c>/staff/redeem</c> against the sandbox: <c>store-sh001</c> at SH001 and
/// <c>store-sh002</c> at SH002 (to see a used coupon refused at a second store), with the public password shown on
/// <c>/sandbox</c>. Development only (never a test host, never a shared staging
/// server with Sandbox:Enabled), and added after configuration, so a configured account of the same name wins.
/// </summary>
internal static class SandboxStoreAccount
{
    public const string Name = "store-sh001";
    public const string SecondName = "store-sh002";
    public const string Password = "sandbox-store-demo";

    public static void AddSandboxStoreAccount(this WebApplicationBuilder builder)
    {
        var account = WechatAccount.From(builder.Configuration.GetSection(WechatOptions.Section).Get<WechatOptions>() ?? new WechatOptions());
        if (!builder.Environment.IsDevelopment() || !account.SandboxEnabledIn(builder.Environment)) return;
        var hash = StaffPasswords.Hash(Password); // once per start: every session's fingerprint stays the same while it runs
        builder.Services.PostConfigure<AdminOptions>(o =>
        {
            foreach (var (name, store) in new[] { (Name, "SH001"), (SecondName, "SH002") })
                if (!o.Users.Any(u => string.Equals(u.Name, name, StringComparison.OrdinalIgnoreCase)))
                    o.Users.Add(new StaffUserOptions { Name = name, PasswordHash = hash, Role = AdminRoles.Store, Store = store });
        });
    }
}

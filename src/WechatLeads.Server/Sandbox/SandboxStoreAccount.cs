using WechatLeads.Server.Admin;
using WechatLeads.Server.Platform;

namespace WechatLeads.Server.Sandbox;

/// <summary>
/// A demo store account for trying <c>/staff/redeem</c> against the sandbox: <c>store-sh001</c> at SH001, with the
/// public password shown on <c>/sandbox</c>. Development only (never a test host, never a shared staging
/// server with Sandbox:Enabled), and added after configuration, so a configured account of the same name wins.
/// </summary>
internal static class SandboxStoreAccount
{
    public const string Name = "store-sh001";
    public const string Password = "sandbox-store-demo";

    public static void AddSandboxStoreAccount(this WebApplicationBuilder builder)
    {
        var account = WechatAccount.From(builder.Configuration.GetSection(WechatOptions.Section).Get<WechatOptions>() ?? new WechatOptions());
        if (!builder.Environment.IsDevelopment() || !SandboxSetup.IsEnabled(account, builder.Environment)) return;
        var hash = StaffPasswords.Hash(Password); // once per start: every session's fingerprint stays the same while it runs
        builder.Services.PostConfigure<AdminOptions>(o =>
        {
            if (o.Users.Any(u => string.Equals(u.Name, Name, StringComparison.OrdinalIgnoreCase))) return;
            o.Users.Add(new StaffUserOptions { Name = Name, PasswordHash = hash, Role = AdminRoles.Store, Store = "SH001" });
        });
    }
}

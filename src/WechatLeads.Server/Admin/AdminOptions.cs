using WechatLeads.Server.Platform.Web;
namespace WechatLeads.Server.Admin;

/// <summary>The <c>Admin</c> section.</summary>
internal sealed class AdminOptions
{
    public const string Section = "Admin";

    /// <summary>Keys for automation, sent as <c>Authorization: Bearer &lt;key&gt;</c>.</summary>
    public List<ApiKeyOptions> ApiKeys { get; set; } = [];

    /// <summary>People who sign in to the console at <c>/admin</c>: a name, a password hash, a role.</summary>
    public List<StaffUserOptions> Users { get; set; } = [];

    /// <summary>No one can open the console: no user or key has a console role (store accounts have none).</summary>
    public bool HasNoConsoleAccount =>
        Users.All(u => u.Role == AdminRoles.Store) && ApiKeys.All(k => k.Role == AdminRoles.Store);
}

internal sealed class StaffUserOptions
{
    public string Name { get; set; } = "";

    /// <summary>From <c>dotnet WechatLeads.Server.dll hash-password</c>; never the password itself.</summary>
    public string PasswordHash { get; set; } = "";

    public string Role { get; set; } = "";

    /// <summary>Role <c>Store</c> only: the store code(s) this account redeems at, comma-separated.</summary>
    public string Store { get; set; } = "";
}

internal sealed class ApiKeyOptions
{
    public string Name { get; set; } = "";
    public string Key { get; set; } = "";
    public string Role { get; set; } = "";

    /// <summary>Role <c>Store</c> only: the store code(s) this key (a till) redeems at, comma-separated.</summary>
    public string Store { get; set; } = "";
}

internal static class StoreAccounts
{
    /// <summary>A store account's configuration is usable: at least one well-formed store code.</summary>
    public static bool StoreIsValid(string role, string store) =>
        role != AdminRoles.Store || (AdminRoles.StoreCodes(store).Count > 0 && AdminRoles.StoreCodes(store).All(AdminRoles.IsStoreCode));
}

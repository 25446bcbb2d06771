namespace WechatLeads.Server.Admin;

/// <summary>The <c>Admin</c> section.</summary>
internal sealed class AdminOptions
{
    public const string Section = "Admin";

    /// <summary>Keys for automation, sent as <c>Authorization: Bearer &lt;key&gt;</c>.</summary>
    public List<ApiKeyOptions> ApiKeys { get; set; } = [];

    /// <summary>People who sign in to the console at <c>/admin</c>: a name, a password hash, a role.</summary>
    public List<StaffUserOptions> Users { get; set; } = [];
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

internal static class AdminRoles
{
    public const string Operator = "Operator";
    public const string Compliance = "Compliance";
    /// <summary>Store staff and tills: redeem coupons at their own store(s), nothing else.</summary>
    public const string Store = "Store";

    public static bool IsKnown(string role) => role is Operator or Compliance or Store;

    /// <summary>The claim carrying each store code a <see cref="Store"/> account may redeem at.</summary>
    public const string StoreClaim = "store";

    public static IReadOnlyList<string> StoreCodes(string configured) =>
        configured.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);

    /// <summary>A store account's configuration is usable: at least one well-formed store code.</summary>
    public static bool StoreIsValid(string role, string store) =>
        role != Store || (StoreCodes(store).Count > 0 && StoreCodes(store).All(Coupons.CouponTerms.IsStoreCode));
}

internal static class AdminPolicies
{
    /// <summary>Operators and compliance officers: campaigns, masked leads, analytics.</summary>
    public const string Staff = "Staff";

    /// <summary>Compliance officers only: personal data in the clear, audit, data-subject requests.</summary>
    public const string Compliance = "Compliance";

    /// <summary>Store accounts (role Store) by API key: the POS redemption API.</summary>
    public const string StoreApi = "StoreApi";
}

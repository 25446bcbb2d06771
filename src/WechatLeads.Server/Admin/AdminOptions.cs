namespace WechatLeads.Server.Admin;

/// <summary>The <c>Admin</c> section.</summary>
public sealed class AdminOptions
{
    public const string Section = "Admin";

    /// <summary>Keys for automation, sent as <c>Authorization: Bearer &lt;key&gt;</c>.</summary>
    public List<ApiKeyOptions> ApiKeys { get; set; } = [];

    /// <summary>People who sign in to the console at <c>/admin</c>: a name, a password hash, a role.</summary>
    public List<StaffUserOptions> Users { get; set; } = [];
}

public sealed class StaffUserOptions
{
    public string Name { get; set; } = "";

    /// <summary>From <c>dotnet WechatLeads.Server.dll hash-password</c>; never the password itself.</summary>
    public string PasswordHash { get; set; } = "";

    public string Role { get; set; } = "";
}

public sealed class ApiKeyOptions
{
    public string Name { get; set; } = "";
    public string Key { get; set; } = "";
    public string Role { get; set; } = "";
}

public static class AdminRoles
{
    public const string Operator = "Operator";
    public const string Compliance = "Compliance";

    public static bool IsKnown(string role) => role is Operator or Compliance;
}

public static class AdminPolicies
{
    /// <summary>Operators and compliance officers: campaigns, masked leads, analytics.</summary>
    public const string Staff = "Staff";

    /// <summary>Compliance officers only: personal data in the clear, audit, data-subject requests.</summary>
    public const string Compliance = "Compliance";
}

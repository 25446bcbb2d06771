namespace WechatLeads.Server.Platform.Web;

/// <summary>Who works in the console and at the till: the roles configured in <c>Admin:Users</c> and <c>Admin:ApiKeys</c>.</summary>
internal static partial class AdminRoles
{
    public const string Operator = "Operator";
    public const string Compliance = "Compliance";
    /// <summary>Store staff and tills: redeem coupons at their own store(s), nothing else.</summary>
    public const string Store = "Store";

    public static bool IsKnown(string role) => role is Operator or Compliance or Store;

    /// <summary>A role as the console shows it; an unknown one as it is.</summary>
    public static string Name(string? role) => role switch
    {
        Operator => "市场运营",
        Compliance => "合规专员",
        Store => "门店",
        _ => role ?? "",
    };

    /// <summary>The claim carrying each store code a <see cref="Store"/> account may redeem at.</summary>
    public const string StoreClaim = "store";

    /// <summary>A store code: letters, digits and dashes, at most 32 (what QR scenes, tills and accounts name a store by).</summary>
    public static bool IsStoreCode(string? code) => code is not null && StoreCodePattern().IsMatch(code);

    [System.Text.RegularExpressions.GeneratedRegex("^[A-Za-z0-9][A-Za-z0-9-]{0,31}$")]
    private static partial System.Text.RegularExpressions.Regex StoreCodePattern();

    public static IReadOnlyList<string> StoreCodes(string configured) =>
        configured.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);

}

/// <summary>The authorization policies every feature's console pages and admin API name.</summary>
internal static class AdminPolicies
{
    /// <summary>Operators and compliance officers: campaigns, masked leads, analytics.</summary>
    public const string Staff = "Staff";

    /// <summary>Compliance officers only: personal data in the clear, audit, data-subject requests.</summary>
    public const string Compliance = "Compliance";

    /// <summary>Store accounts (role Store) by API key: the POS redemption API.</summary>
    public const string StoreApi = "StoreApi";

    /// <summary>The Prometheus scrape: staff, or a caller from <c>Telemetry:MetricsNetworks</c>.</summary>
    public const string Metrics = "Metrics";
}

/// <summary>Claims a console session carries (set by <c>Admin/AdminConsole</c> at sign-in).</summary>
internal static class StaffClaims
{
    /// <summary>The <c>auth</c> claim of a session opened with a name and password.</summary>
    public const string PasswordMethod = "password";

    /// <summary>Present on sessions opened in the console with an API key (its requests must carry the antiforgery token).</summary>
    public const string ConsoleSession = "console-session";
}

using Microsoft.AspNetCore.DataProtection;

namespace WechatLeads.Server.Admin;

/// <summary>
/// A browser that has signed in to an account before carries a long-lived cookie saying so, sealed with the
/// data-protection key ring (shared by every instance). It proves nothing by itself — the password is still
/// checked — but it lets the account's owner through a name-wide lock that strangers caused.
/// </summary>
internal static class StaffKnownDevice
{
    public const string CookieName = "wl_admin_device";
    public static readonly TimeSpan Lifetime = TimeSpan.FromDays(180);
    private const string Purpose = "WechatLeads.Admin.KnownDevice.v1";

    /// <summary>Whether this browser signed in to <paramref name="name"/> before (one cookie, the latest account).</summary>
    public static bool Has(HttpContext http, string name)
    {
        if (http.Request.Cookies[CookieName] is not { Length: > 0 and <= 1024 } value) return false;
        try
        {
            var account = Protector(http).Unprotect(value, out _);
            return string.Equals(account, StaffDirectory.Normalize(name), StringComparison.Ordinal);
        }
        catch (System.Security.Cryptography.CryptographicException)
        {
            return false; // expired, forged, or from another deployment
        }
    }

    /// <param name="path">The sign-in page of the door used (<c>/admin/login</c>, <c>/staff/login</c>): the only place the cookie is read.</param>
    public static void Remember(HttpContext http, string name, string path = "/admin/login") =>
        http.Response.Cookies.Append(CookieName, Protector(http).Protect(StaffDirectory.Normalize(name), Lifetime), new CookieOptions
        {
            HttpOnly = true,
            Secure = http.Request.IsHttps,
            SameSite = SameSiteMode.Strict,
            Path = path,
            MaxAge = Lifetime,
            IsEssential = true,
        });

    private static ITimeLimitedDataProtector Protector(HttpContext http) =>
        http.RequestServices.GetRequiredService<IDataProtectionProvider>().CreateProtector(Purpose).ToTimeLimitedDataProtector();
}

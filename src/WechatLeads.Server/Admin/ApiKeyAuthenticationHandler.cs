using System.Security.Claims;
using System.Security.Cryptography;
using System.Text;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;
using WechatLeads.Server.Platform.Web;

namespace WechatLeads.Server.Admin;

/// <summary>
/// <c>Authorization: Bearer &lt;key&gt;</c> against <c>Admin:ApiKeys</c>. Keys are compared as SHA-256
/// digests in constant time, every configured key is checked (no early exit that would leak which one
/// nearly matched), and the key itself never reaches a log.
/// </summary>
internal sealed class ApiKeyAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory logger, UrlEncoder encoder, IOptionsMonitor<AdminOptions> admin)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string SchemeName = "ApiKey";

    protected override Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        var header = Request.Headers.Authorization.ToString();
        if (!header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase)) return Task.FromResult(AuthenticateResult.NoResult());

        var match = Match(header["Bearer ".Length..].Trim(), admin.CurrentValue.ApiKeys);
        if (match is null) return Task.FromResult(AuthenticateResult.Fail("Unknown API key."));

        var identity = new ClaimsIdentity(
            [new Claim(ClaimTypes.Name, match.Name), new Claim(ClaimTypes.Role, match.Role), new Claim("auth", "api-key"),
                .. AdminRoles.StoreCodes(match.Role == AdminRoles.Store ? match.Store : "").Select(s => new Claim(AdminRoles.StoreClaim, s))], SchemeName);
        return Task.FromResult(AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(identity), SchemeName)));
    }

    /// <summary>A short fingerprint of a key, kept in a console session so that replacing the key ends the session.</summary>
    public static string Fingerprint(string key) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes("console-session:" + key)))[..16];

    /// <summary>The configured key equal to <paramref name="presented"/>, compared in constant time, every key checked.</summary>
    public static ApiKeyOptions? Match(string presented, IEnumerable<ApiKeyOptions> keys)
    {
        var digest = SHA256.HashData(Encoding.UTF8.GetBytes(presented));
        ApiKeyOptions? match = null;
        foreach (var key in keys)
        {
            var expected = SHA256.HashData(Encoding.UTF8.GetBytes(key.Key));
            if (CryptographicOperations.FixedTimeEquals(digest, expected) && key.Key.Length > 0) match = key;
        }
        return match;
    }
}

using System.Security.Claims;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.DataProtection;
using WechatLeads.Server.Audit;
using WechatLeads.Server.Platform;
using WechatLeads.Server.Platform.Identity;
using WechatLeads.Server.Platform.Web;

namespace WechatLeads.Server.TestSends;

/// <summary>
/// Binding a staff member's own WeChat for test sends: the console shows a QR code of a sealed, 10-minute link;
/// opened in WeChat it signs in like any page (silent OAuth, openid only) and asks "bind this WeChat?". Only
/// the person holding the console session can make the link, and only their own phone's WeChat opens it.
/// </summary>
internal static class WechatBindEndpoints
{
    private const string Purpose = "WechatLeads.TestSends.WechatBind.v1";
    public static readonly TimeSpan LinkLifetime = TimeSpan.FromMinutes(10);

    public static IEndpointRouteBuilder MapWechatBind(this IEndpointRouteBuilder app)
    {
        app.MapGet("/h5/staff-bind", PageAsync).ExcludeFromDescription();
        app.MapPost("/h5/staff-bind", BindAsync).ExcludeFromDescription();
        return app;
    }

    /// <summary>The link the console's QR code holds, for <paramref name="staffName"/>.</summary>
    public static string LinkFor(string staffName, IDataProtectionProvider protection, PublicUrls urls) =>
        urls.Absolute("/h5/staff-bind?t=" + Protector(protection).Protect(TestTargets.KeyOf(staffName), LinkLifetime));

    private static async Task<IResult> PageAsync(HttpContext http, string? t, IDataProtectionProvider protection, IAntiforgery antiforgery)
    {
        if (StaffOf(t, protection) is not { } staff) return Expired();
        if (await H5Identity.CurrentAsync(http) is null) return H5Identity.SignIn(http.Request);
        var view = new WechatBindView(antiforgery.GetAndStoreTokens(http).RequestToken ?? "", t!, staff, false);
        return PageResult.Render<WechatBindPage>(view);
    }

    private static async Task<IResult> BindAsync(
        HttpContext http, IDataProtectionProvider protection, IAntiforgery antiforgery, TestTargets targets, AuditLog audit, CancellationToken ct)
    {
        if (!await antiforgery.IsRequestValidAsync(http)) return PageResult.Problem(400, "页面已过期", "请回到管理台重新扫描二维码。");
        var form = await http.Request.ReadFormAsync(ct);
        var t = form["t"].ToString();
        if (StaffOf(t, protection) is not { } staff) return Expired();
        if (await H5Identity.CurrentAsync(http) is not { } follower) return H5Identity.SignIn(http.Request);
        await targets.SetOpenIdAsync(staff, follower.OpenId, ct);
        await audit.AppendAsync(http, new AuditRecord(AuditActions.TestTargetSet, $"staff:{staff} wechat"), ct,
            new ClaimsPrincipal(new ClaimsIdentity([new Claim(ClaimTypes.Name, staff), new Claim("auth", "wechat-bind-link")])));
        return PageResult.Render<WechatBindPage>(new WechatBindView("", t, staff, true));
    }

    private static IResult Expired() =>
        PageResult.Problem(400, "二维码已失效", "绑定二维码 10 分钟内有效。请在管理台“我的账号 → 测试接收”重新打开二维码后再扫。");

    private static string? StaffOf(string? token, IDataProtectionProvider protection)
    {
        if (token is not { Length: > 0 and <= 1024 }) return null;
        try { return Protector(protection).Unprotect(token); }
        catch (System.Security.Cryptography.CryptographicException) { return null; }
    }

    private static ITimeLimitedDataProtector Protector(IDataProtectionProvider protection) =>
        protection.CreateProtector(Purpose).ToTimeLimitedDataProtector();
}

/// <summary>What <see cref="WechatBindPage"/> shows.</summary>
public sealed record WechatBindView(string Antiforgery, string Token, string StaffName, bool Bound);

using System.Security.Claims;
using System.Security.Cryptography;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.DataProtection;
using WechatLeads.Server.Campaigns;
using WechatLeads.Server.Participation;
using WechatLeads.Server.Platform;
using WechatLeads.Server.Platform.Identity;
using WechatLeads.Server.Platform.Web;
using WechatLeads.Server.Security;
using WechatLeads.Server.WechatApi;
using WechatLeads.Wechat.Api;

namespace WechatLeads.Server.H5;

/// <summary>
/// WeChat web OAuth (snsapi_base: silent, openid only). The <c>state</c> is random, bound to this browser
/// by a protected short-lived cookie and usable once. The code is exchanged once; a used or expired code
/// (40163, 40029 — the back button, a refresh) sends the person through a fresh authorisation instead of
/// an error page, and success lands on a clean URL without code and state.
/// </summary>
internal static class H5OAuthEndpoints
{
    private const string StateCookie = "wl_oauth";
    private static readonly TimeSpan StateLifetime = TimeSpan.FromMinutes(10);

    public static void MapH5OAuth(this IEndpointRouteBuilder app)
    {
        app.MapGet("/h5/oauth/start", Start).ExcludeFromDescription();
        app.MapGet("/h5/oauth/callback", CallbackAsync).ExcludeFromDescription().RequireRateLimiting(RateLimits.OAuthCallbacks);
    }

    public const string RefusedKind = "OAuth code";

    private static IResult Start(HttpContext http, string? returnUrl, IDataProtectionProvider protection, PublicUrls urls, TimeProvider time,
        [FromKeyedServices(WechatClientKeys.OfficialAccount)] WechatApiClient wechat)
    {
        var target = ReturnUrls.IsAllowed(returnUrl) ? returnUrl! : ReturnUrls.Default;
        var state = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));
        var expires = time.GetUtcNow() + StateLifetime;
        var cookie = Protector(protection).Protect($"{state}|{expires.ToUnixTimeSeconds()}|{target}");
        http.Response.Cookies.Append(StateCookie, cookie, new CookieOptions
        {
            HttpOnly = true,
            Secure = http.Request.IsHttps,
            SameSite = SameSiteMode.Lax,
            MaxAge = StateLifetime,
            Path = "/h5/oauth",
        });
        return Results.Redirect(wechat.BuildOAuth2AuthorizeUrl(urls.Absolute("/h5/oauth/callback"), "snsapi_base", state));
    }

    private static async Task<IResult> CallbackAsync(HttpContext http, string? code, string? state, IDataProtectionProvider protection,
        TimeProvider time, SubjectHasher hasher, [FromKeyedServices(WechatClientKeys.OfficialAccount)] WechatApiClient wechat, ILoggerFactory logs,
        RefusalLog refusals)
    {
        var saved = ReadState(http, protection, time);
        http.Response.Cookies.Delete(StateCookie, new CookieOptions { Path = "/h5/oauth" }); // single use, whatever happens next
        if (saved is null || state is null || !CryptographicOperations.FixedTimeEquals(
                System.Text.Encoding.ASCII.GetBytes(saved.Value.State), System.Text.Encoding.ASCII.GetBytes(state)))
        {
            return PageResult.Problem(400, "链接已失效", "授权请求已过期或不属于此浏览器，请重新打开活动页面。", "重新打开", H5Identity.StartUrl(saved?.ReturnUrl ?? ReturnUrls.Default));
        }
        if (string.IsNullOrEmpty(code)) return PageResult.Problem(400, "未完成授权", "微信没有返回授权结果，请重新打开活动页面。", "重新打开", H5Identity.StartUrl(saved.Value.ReturnUrl));
        if (!WechatCodes.IsWellFormed(code))
        {
            // WeChat never issues such a code: refused before it costs a call to WeChat.
            refusals.Refused(RefusedKind, "malformed");
            return PageResult.Problem(400, "未完成授权", "授权结果无效，请重新打开活动页面。", "重新打开", H5Identity.StartUrl(saved.Value.ReturnUrl));
        }

        string openId;
        try
        {
            openId = (await wechat.ExecuteSnsOAuth2AccessTokenAsync(code, http.RequestAborted)).OpenId
                ?? throw new WechatApiException(-2, "no openid", "sns/oauth2/access_token");
        }
        catch (WechatApiException e) when (e.ErrorCode is WechatErrorCodes.CodeBeenUsed or WechatErrorCodes.InvalidCode)
        {
            // A used or stale code (refresh, back button): authorise again rather than show an error. Counted, not a
            // line each: anyone can send codes.
            refusals.Refused(RefusedKind, "WeChat errcode " + e.ErrorCode);
            return Results.Redirect(H5Identity.StartUrl(saved.Value.ReturnUrl));
        }
        catch (WechatApiException e)
        {
            logs.CreateLogger("H5OAuth").LogWarning("OAuth code exchange failed with errcode {Code}", e.ErrorCode);
            return PageResult.Problem(503, "微信暂时无法完成授权", "请稍后再试。", "重试", H5Identity.StartUrl(saved.Value.ReturnUrl));
        }

        var participant = new Participant(openId, hasher.HashOpenId(openId), CampaignChannels.H5, null);
        await http.SignInAsync(H5Identity.Scheme, new ClaimsPrincipal(new ClaimsIdentity(participant.ToClaims(), H5Identity.Scheme)));
        return Results.Redirect(ReturnUrls.ForLocation(saved.Value.ReturnUrl));
    }

    private static (string State, string ReturnUrl)? ReadState(HttpContext http, IDataProtectionProvider protection, TimeProvider time)
    {
        if (!http.Request.Cookies.TryGetValue(StateCookie, out var cookie)) return null;
        try
        {
            var parts = Protector(protection).Unprotect(cookie).Split('|', 3);
            if (parts.Length != 3 || !long.TryParse(parts[1], out var expires) || expires < time.GetUtcNow().ToUnixTimeSeconds()) return null;
            return (parts[0], ReturnUrls.IsAllowed(parts[2]) ? parts[2] : ReturnUrls.Default);
        }
        catch (CryptographicException)
        {
            return null;
        }
    }

    private static IDataProtector Protector(IDataProtectionProvider protection) => protection.CreateProtector("h5-oauth-state");
}

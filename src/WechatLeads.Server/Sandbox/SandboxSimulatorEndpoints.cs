using System.Globalization;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http.HttpResults;
using WechatLeads.Server.Platform;
using WechatLeads.Server.Platform.Web;
using WechatLeads.Wechat.Messages;

namespace WechatLeads.Server.Sandbox;

/// <summary>The follower simulator page and the JSON it drives, plus the sandbox's OAuth and test controls.</summary>
internal static class SandboxSimulatorEndpoints
{
    public const string FollowerCookie = "sandbox_openid";

    /// <summary>
    /// Script and styles from this server only: the sandbox is a page like the others, and a strict policy here
    /// keeps it honest (it calls only this server).
    /// </summary>
    private const string SimulatorPolicy =
        "default-src 'none'; script-src 'self'; connect-src 'self'; style-src 'self'; img-src 'self' data:; form-action 'self'; frame-ancestors 'none'; " +
        "base-uri 'none'";

    public sealed record NewFollower(string? Nickname);

    /// <summary>A simulated follower as the simulator page lists it (a named type: the request delegate generator can't name an anonymous one).</summary>
    public sealed record FollowerView(string OpenId, string Nickname, bool Subscribed);

    public sealed record FaultRequest(string Path, int ErrorCode, int Times = 1);

    public static void MapSandboxSimulator(this RouteGroupBuilder sandbox)
    {
        sandbox.MapGet("/", (HttpContext http, IHostEnvironment environment, IConfiguration configuration) =>
        {
            http.Response.Headers.ContentSecurityPolicy = SimulatorPolicy;
            return PageResult.Render<SimulatorPage>(new Dictionary<string, object?>
            {
                [nameof(SimulatorPage.DemoAccounts)] = SandboxDemoAccounts.AreOn(environment, configuration),
            });
        });
        sandbox.MapEmbeddedAsset("/simulator.js", "Sandbox.simulator.js");
        sandbox.MapGet("/simulator/state", (SandboxState s) => Results.Json(new
        {
            account = new { appId = SandboxCredentials.AppId, originalId = SandboxCredentials.OriginalId },
            followers = s.Followers.Select(f => new FollowerView(f.OpenId, f.Nickname, f.Subscribed)),
            menu = s.MenuJson is null ? null : JsonNode.Parse(s.MenuJson),
        }));
        sandbox.MapPost("/simulator/followers", (NewFollower body, SandboxState s) =>
        {
            var name = string.IsNullOrWhiteSpace(body.Nickname) ? "测试用户" + SandboxState.RandomString(3) : body.Nickname.Trim();
            var f = s.CreateFollower(name[..Math.Min(name.Length, 20)]);
            return TypedResults.Created($"/sandbox/simulator/followers/{f.OpenId}", new FollowerView(f.OpenId, f.Nickname, f.Subscribed));
        });
        sandbox.MapPost("/simulator/push", PushAsync);
        sandbox.MapSharePreview();
        sandbox.MapGet("/simulator/followers/{openId}/inbox", (string openId, SandboxState s) =>
            s.FindFollower(openId) is { } f ? Results.Json(f.Inbox) : SandboxProblems.FollowerNotFound.ToResult());
        sandbox.MapPost("/simulator/mp/login-code", (SandboxState s, string? openId) =>
            Results.Json(new { code = s.IssueCode("jscode", openId ?? "omp" + SandboxState.RandomString(25), TimeSpan.FromMinutes(5)) }));
        // openId: the mini-program user the code is for (WeChat binds each code to one); without it, any user may redeem it.
        sandbox.MapPost("/simulator/mp/phone-code", (SandboxState s, string phone, string? openId) =>
            Results.Json(new { code = s.IssueCode("phone", phone, TimeSpan.FromMinutes(5), openId) }));
        sandbox.MapGet("/connect/oauth2/authorize", Authorize);
        // The SMS gateway's side: messages "sent" to phones, and a phone replying (回复TD退订).
        sandbox.MapGet("/sms", (SandboxState s) => Results.Json(s.SmsMessages));
        sandbox.MapPost("/sms/reply", async (SmsReply body, Marketing.SmsOptOut optOut, CancellationToken ct) =>
            await optOut.HandleAsync(body.Phone ?? "", body.Text ?? "", ct) ? Results.Ok(new { optedOut = true }) : Results.Ok(new { optedOut = false }));
        sandbox.MapPost("/_faults", (FaultRequest f, SandboxState s) => { s.InjectFault(f.Path, f.ErrorCode, f.Times); return Results.NoContent(); });
        sandbox.MapPost("/_tokens/revoke", (SandboxState s) => { s.RevokeAllTokens(); return Results.NoContent(); });
        sandbox.MapPost("/simulator/farm", async (FarmSimulator.FarmRequest body, FarmSimulator farm, CancellationToken ct) =>
            body.Problems().ToList() is { Count: > 0 } problems
                ? ApiProblem.Validation("farm", problems)
                : await farm.RunAsync(body, ct) is { } result ? Results.Json(result) : SandboxProblems.CampaignNotFound.ToResult());
        sandbox.MapPost("/simulator/authorization", async (AuthorizationChangeRequest body, SandboxPushSender sender, CancellationToken ct) =>
        {
            var (name, revokeInfo) = body.Change switch
            {
                "revoke-phone" => (AuthorizationChangeEvent.Revoke, (string?)RevokedItems.MiniProgramPhone.ToString(CultureInfo.InvariantCulture)),
                "cancel" => (AuthorizationChangeEvent.Cancellation, null),
                "modified" => (AuthorizationChangeEvent.Modified, null),
                _ => (null, null),
            };
            if (name is null || string.IsNullOrWhiteSpace(body.OpenId))
                return SandboxProblems.Invalid("openId is required and change must be revoke-phone, cancel or modified.").ToResult();
            return Results.Ok(new { status = await sender.SendAuthorizationChangeAsync(body.OpenId, name, revokeInfo, body.MiniProgram, ct) });
        });
        sandbox.MapPost("/simulator/mp/subscribe", async (SubscribeAnswer body, SandboxState s, SandboxPushSender sender, CancellationToken ct) =>
        {
            if (string.IsNullOrWhiteSpace(body.OpenId) || body.TemplateIds is not { Length: > 0 and <= 3 } || body.Result is not ("accept" or "reject"))
                return SandboxProblems.Invalid("openId, 1-3 templateIds and result (accept or reject) are required.").ToResult();
            // WeChat's side of the popup: it holds the accepts, then pushes the answer to the mini-program's push URL.
            if (body.Result == "accept") foreach (var t in body.TemplateIds) s.GrantSubscription(body.OpenId, t);
            return Results.Ok(new { status = await sender.SendSubscribePopupAsync(body.OpenId, body.TemplateIds, body.Result, ct) });
        });
        sandbox.MapGet("/simulator/mp/notices", (SandboxState s, string? openId) =>
            Results.Json(s.SubscribeMessages.Where(m => openId is null || m.OpenId == openId)));
        sandbox.MapPost("/_risk-rank", (SandboxState s, string openId, int rank) => { s.SetRiskRank(openId, rank); return Results.NoContent(); });
        sandbox.MapPost("/_phone-quota", (SandboxState s, bool exhausted) => { s.PhoneNumberQuotaExhausted = exhausted; return Results.NoContent(); });
    }

    private static async Task<Results<Ok<SandboxPushSender.PushResult>, ProblemHttpResult>> PushAsync(
        SandboxPushSender.PushRequest push, SandboxPushSender sender, HttpResponse response, CancellationToken ct)
    {
        if (string.IsNullOrWhiteSpace(push.OpenId))
            return SandboxProblems.Invalid("openId is required.").ToResult();
        if (push.Type is not ("text" or "click" or "view" or "subscribe" or "scan" or "unsubscribe"))
            return SandboxProblems.Invalid("type must be text, click, view, subscribe, scan or unsubscribe.").ToResult();
        // The simulated browser is now this follower: sandbox OAuth signs them in without asking.
        response.Cookies.Append(FollowerCookie, push.OpenId, new CookieOptions { HttpOnly = true, SameSite = SameSiteMode.Lax, Path = "/" });
        return TypedResults.Ok(await sender.SendAsync(push, ct));
    }

    /// <summary>
    /// snsapi_base is silent in WeChat, so the sandbox is too: it issues a single-use code for the follower
    /// this browser is simulating (the cookie), or for a new one, and redirects back like WeChat does.
    /// </summary>
    private static IResult Authorize(HttpRequest request, HttpResponse response, SandboxState s, string? appid, string? redirect_uri, string? state)
    {
        if (appid != SandboxCredentials.AppId) return SandboxProblems.Invalid("appid is not the sandbox account's.").ToResult();
        if (string.IsNullOrEmpty(redirect_uri) || !Uri.TryCreate(redirect_uri, UriKind.Absolute, out var target))
            return SandboxProblems.Invalid("redirect_uri must be an absolute URL.").ToResult();
        var openId = request.Cookies[FollowerCookie];
        if (string.IsNullOrEmpty(openId) || s.FindFollower(openId) is null)
        {
            openId = s.CreateFollower("网页访客" + SandboxState.RandomString(3)).OpenId;
            response.Cookies.Append(FollowerCookie, openId, new CookieOptions { HttpOnly = true, SameSite = SameSiteMode.Lax, Path = "/" });
        }
        var code = s.IssueCode("oauth", openId, TimeSpan.FromMinutes(5));
        var separator = string.IsNullOrEmpty(target.Query) ? "?" : "&";
        var back = $"{redirect_uri}{separator}code={Uri.EscapeDataString(code)}&state={Uri.EscapeDataString(state ?? "")}";
        return PageResult.Render<SandboxAuthorizePage>(new SandboxAuthorizeView(back));
    }

    /// <summary>A WeChat 授权用户信息变更 about <see cref="OpenId"/>: revoke-phone (mini-program), cancel (deleted account) or modified.</summary>
    public sealed record AuthorizationChangeRequest(string? OpenId, string? Change, bool MiniProgram);

    /// <summary>The mini-program user's answer to a subscription popup (wx.requestSubscribeMessage) for up to three templates.</summary>
    public sealed record SubscribeAnswer(string? OpenId, string[]? TemplateIds, string? Result);
}
internal sealed record SmsReply(string? Phone, string? Text);

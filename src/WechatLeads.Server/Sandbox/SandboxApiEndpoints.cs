using System.Text.Json.Nodes;
using WechatLeads.Server.Platform;
using WechatLeads.Wechat.Api;

namespace WechatLeads.Server.Sandbox;

/// <summary>
/// The WeChat API as the app uses it, served under <c>/sandbox</c> with WeChat's shapes and error
/// behaviour: HTTP 200 with <c>errcode</c>, 40001 for a token it did not issue (or revoked), 40163 for a
/// reused code, 45015/45047 outside the customer-service window. Faults can be injected per path.
/// </summary>
internal static class SandboxApiEndpoints
{
    public static void MapSandboxApi(this RouteGroupBuilder sandbox)
    {
        sandbox.MapPost("/cgi-bin/stable_token", StableToken);
        sandbox.MapGet("/cgi-bin/token", ClassicToken);
        sandbox.MapPost("/cgi-bin/menu/create", (HttpRequest r, SandboxState s) => WithToken(r, s, "cgi-bin/menu/create", async _ =>
        {
            s.MenuJson = (await JsonNode.ParseAsync(r.Body))?.ToJsonString(WechatLeads.Wechat.Api.WechatJson.Options);
            s.CountMenuCreate();
            return Ok();
        }));
        sandbox.MapGet("/cgi-bin/menu/get", (HttpRequest r, SandboxState s) => WithToken(r, s, "cgi-bin/menu/get", _ =>
            Task.FromResult(s.MenuJson is null
                ? Error(WechatErrorCodes.MenuNotFound, "menu no exist")
                : new JsonObject { ["menu"] = JsonNode.Parse(s.MenuJson) })));
        sandbox.MapGet("/cgi-bin/menu/delete", (HttpRequest r, SandboxState s) => WithToken(r, s, "cgi-bin/menu/delete", _ =>
        {
            s.MenuJson = null;
            return Task.FromResult(Ok());
        }));
        sandbox.MapPost("/wxa/getuserriskrank", GetUserRiskRank);
        sandbox.MapPost("/cgi-bin/message/subscribe/send", SubscribeSend);
        sandbox.MapPost("/cgi-bin/message/custom/send", CustomSend);
        sandbox.MapPost("/cgi-bin/message/template/send", TemplateSend);
        sandbox.MapPost("/cgi-bin/qrcode/create", QrcodeCreate);
        sandbox.MapGet("/cgi-bin/user/info", (HttpRequest r, SandboxState s) => WithToken(r, s, "cgi-bin/user/info", _ =>
        {
            var f = s.FindFollower(r.Query["openid"].ToString());
            return Task.FromResult(f is null ? Error(WechatErrorCodes.InvalidOpenId, "invalid openid")
                : new JsonObject { ["subscribe"] = f.Subscribed ? 1 : 0, ["openid"] = f.OpenId, ["language"] = "zh_CN" });
        }));
        // Like WeChat: a fresh ticket per call, valid 7200 s. Only WeChat's own browser checks a signature made with it.
        sandbox.MapGet("/cgi-bin/ticket/getticket", (HttpRequest r, SandboxState s) => WithToken(r, s, "cgi-bin/ticket/getticket", _ =>
        {
            if (r.Query["type"] != "jsapi") return Task.FromResult(Error(WechatErrorCodes.InvalidArguments, "invalid args"));
            var ticket = "sbxticket_" + SandboxState.RandomString(64);
            s.JsapiTickets.Enqueue(ticket);
            return Task.FromResult(new JsonObject { ["errcode"] = 0, ["errmsg"] = "ok", ["ticket"] = ticket, ["expires_in"] = 7200 });
        }));
        sandbox.MapGet("/sns/oauth2/access_token", OAuthAccessToken);
        sandbox.MapGet("/sns/userinfo", (HttpRequest r, SandboxState s) => Results.Json(new JsonObject
        {
            ["openid"] = r.Query["openid"].ToString(),
            ["nickname"] = "沙盒用户",
            ["headimgurl"] = "",
        }));
        sandbox.MapGet("/sns/jscode2session", JsCodeToSession);
        sandbox.MapPost("/wxa/business/getuserphonenumber", GetUserPhoneNumber);
    }

    private static IResult StableToken(JsonObject body, SandboxState s)
    {
        if (s.TakeFault("cgi-bin/stable_token") is { } fault) return Results.Json(Error(fault, "injected fault"));
        if (!CredentialsMatch(body["appid"]?.GetValue<string>(), body["secret"]?.GetValue<string>()))
            return Results.Json(Error(WechatErrorCodes.InvalidAppSecret, "invalid appsecret"));
        var (token, expiresIn) = s.IssueStableToken(body["appid"]!.GetValue<string>(), body["force_refresh"]?.GetValue<bool>() ?? false);
        return Results.Json(new JsonObject { ["access_token"] = token, ["expires_in"] = expiresIn });
    }

    private static IResult ClassicToken(HttpRequest r, SandboxState s)
    {
        if (s.TakeFault("cgi-bin/token") is { } fault) return Results.Json(Error(fault, "injected fault"));
        var appId = r.Query["appid"].ToString();
        if (!CredentialsMatch(appId, r.Query["secret"])) return Results.Json(Error(WechatErrorCodes.InvalidAppSecret, "invalid appsecret"));
        return Results.Json(new JsonObject { ["access_token"] = s.IssueClassicToken(appId), ["expires_in"] = 7200 });
    }

    private static Task<IResult> CustomSend(HttpRequest r, SandboxState s, TimeProvider time) =>
        WithToken(r, s, "cgi-bin/message/custom/send", async _ =>
        {
            var body = (await JsonNode.ParseAsync(r.Body))!.AsObject();
            var follower = s.FindFollower(body["touser"]?.GetValue<string>() ?? "");
            if (follower is null) return Error(WechatErrorCodes.InvalidOpenId, "invalid openid");
            var kind = body["msgtype"]?.GetValue<string>() ?? "";
            var text = kind switch
            {
                "text" => body["text"]?["content"]?.GetValue<string>() ?? "",
                "news" => body["news"]?["articles"]?[0]?["title"]?.GetValue<string>() + " " + body["news"]?["articles"]?[0]?["url"]?.GetValue<string>(),
                _ => body.ToJsonString(),
            };
            var code = follower.TryDeliverCustomerService(kind, text, time.GetUtcNow());
            return code == 0 ? Ok() : Error(code, code == 45015 ? "response out of time limit or subscription is canceled" : "reach max api daily quota limit");
        });

    private static Task<IResult> TemplateSend(HttpRequest r, SandboxState s, TimeProvider time) =>
        WithToken(r, s, "cgi-bin/message/template/send", async _ =>
        {
            var body = (await JsonNode.ParseAsync(r.Body))!.AsObject();
            var follower = s.FindFollower(body["touser"]?.GetValue<string>() ?? "");
            if (follower is null) return Error(WechatErrorCodes.InvalidOpenId, "invalid openid");
            var code = follower.DeliverTemplate(body["data"]?.ToJsonString() ?? "", time.GetUtcNow());
            return code == 0
                ? new JsonObject { ["errcode"] = 0, ["errmsg"] = "ok", ["msgid"] = Random.Shared.NextInt64(1, long.MaxValue) }
                : Error(code, "require subscribe");
        });

    private static Task<IResult> QrcodeCreate(HttpRequest r, SandboxState s) =>
        WithToken(r, s, "cgi-bin/qrcode/create", async _ =>
        {
            var body = (await JsonNode.ParseAsync(r.Body))!.AsObject();
            var scene = body["action_info"]?["scene"]?["scene_str"]?.GetValue<string>()
                        ?? body["action_info"]?["scene"]?["scene_id"]?.ToString() ?? "";
            var ticket = s.IssueQrTicket(scene);
            return new JsonObject
            {
                ["ticket"] = ticket,
                ["expire_seconds"] = body["expire_seconds"]?.GetValue<int>(),
                ["url"] = "http://weixin.qq.com/q/sandbox-" + ticket,
            };
        });

    private static IResult OAuthAccessToken(HttpRequest r, SandboxState s)
    {
        if (!CredentialsMatch(r.Query["appid"], r.Query["secret"])) return Results.Json(Error(WechatErrorCodes.InvalidAppSecret, "invalid appsecret"));
        var (openId, error) = s.RedeemCode("oauth", r.Query["code"]);
        if (openId is null) return Results.Json(Error(error, error == 40163 ? "code been used" : "invalid code"));
        return Results.Json(new JsonObject
        {
            ["access_token"] = "sbxuser_" + SandboxState.RandomString(32),
            ["expires_in"] = 7200,
            ["refresh_token"] = "sbxrefresh_" + SandboxState.RandomString(32),
            ["openid"] = openId,
            ["scope"] = "snsapi_base",
        });
    }

    private static IResult JsCodeToSession(HttpRequest r, SandboxState s)
    {
        if (s.TakeFault("sns/jscode2session") is { } fault) return Results.Json(Error(fault, "injected fault"));
        if (!CredentialsMatch(r.Query["appid"], r.Query["secret"])) return Results.Json(Error(WechatErrorCodes.InvalidAppSecret, "invalid appsecret"));
        var (openId, error) = s.RedeemCode("jscode", r.Query["js_code"]);
        if (openId is null) return Results.Json(Error(error, error == 40163 ? "code been used" : "invalid code"));
        return Results.Json(new JsonObject
        {
            ["openid"] = openId,
            ["session_key"] = Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(16)),
        });
    }

    private static Task<IResult> GetUserPhoneNumber(HttpRequest r, SandboxState s) =>
        WithToken(r, s, "wxa/business/getuserphonenumber", async appId =>
        {
            var body = (await JsonNode.ParseAsync(r.Body))!.AsObject();
            if (s.PhoneNumberQuotaExhausted) return Error(WechatErrorCodes.PhoneNumberQuotaExhausted, "phone number quota not enough");
            // openid is optional; given, WeChat checks the code was issued to that user.
            var (phone, error) = s.RedeemCode("phone", body["code"]?.GetValue<string>(), body["openid"]?.GetValue<string>());
            if (phone is null) return Error(error, error == 40163 ? "code been used" : "invalid code");
            return new JsonObject
            {
                ["errcode"] = 0,
                ["errmsg"] = "ok",
                ["phone_info"] = new JsonObject
                {
                    ["phoneNumber"] = phone,
                    ["purePhoneNumber"] = phone,
                    ["countryCode"] = "86",
                    ["watermark"] = new JsonObject { ["timestamp"] = DateTimeOffset.UtcNow.ToUnixTimeSeconds(), ["appid"] = appId },
                },
            };
        });

    /// <summary>安全风控: the rank the simulator set for the user (0 by default), after the configured delay.</summary>
    private static Task<IResult> GetUserRiskRank(HttpRequest r, SandboxState s) =>
        WithToken(r, s, "wxa/getuserriskrank", async _ =>
        {
            var body = await JsonNode.ParseAsync(r.Body) as JsonObject ?? [];
            if (body["openid"]?.GetValue<string>() is not { Length: > 0 } openId || body["client_ip"] is null)
                return Error(WechatErrorCodes.InvalidOpenId, "invalid openid or client_ip");
            if (s.RiskRankDelay > TimeSpan.Zero) await Task.Delay(s.RiskRankDelay, r.HttpContext.RequestAborted);
            return new JsonObject { ["errcode"] = 0, ["errmsg"] = "getuserriskrank succ", ["risk_rank"] = s.RiskRankOf(openId), ["unoin_id"] = 1 };
        });

    /// <summary>
    /// 订阅消息: delivered only against a subscription the user accepted (one per accept), else 43101 — as WeChat.
    /// Values are checked against the keyword limits (47003), as WeChat checks them.
    /// </summary>
    private static Task<IResult> SubscribeSend(HttpRequest r, SandboxState s) =>
        WithToken(r, s, "cgi-bin/message/subscribe/send", async _ =>
        {
            var body = await JsonNode.ParseAsync(r.Body) as JsonObject ?? [];
            if (body["touser"]?.GetValue<string>() is not { Length: > 0 } openId) return Error(WechatErrorCodes.InvalidOpenId, "invalid openid");
            if (body["template_id"]?.GetValue<string>() is not { Length: > 0 } templateId)
                return Error(WechatErrorCodes.InvalidTemplateId, "invalid template_id");
            var data = (body["data"] as JsonObject ?? []).ToDictionary(kv => kv.Key, kv => kv.Value?["value"]?.GetValue<string>() ?? "");
            if (data.Count == 0) return Error(WechatErrorCodes.ArgumentInvalid, "argument invalid! data is empty");
            foreach (var (keyword, value) in data)
                if (Wechat.Api.SubscribeKeywordRules.Problem(keyword, value) is not null)
                    return Error(WechatErrorCodes.ArgumentInvalid, $"argument invalid! data.{keyword}.value invalid");
            if (!s.TakeSubscription(openId, templateId)) return Error(WechatErrorCodes.SubscriptionMissing, "user refuse to accept the msg");
            var msgId = s.RecordSubscribeMessage(openId, templateId, body["page"]?.GetValue<string>(), data);
            return new JsonObject { ["errcode"] = 0, ["errmsg"] = "ok", ["msgid"] = msgId };
        });

    /// <summary>Checks the access_token like WeChat (40001 when unknown or revoked), then any injected fault.</summary>
    private static async Task<IResult> WithToken(HttpRequest r, SandboxState s, string path, Func<string, Task<JsonObject>> handle)
    {
        var appId = s.AppOfToken(r.Query["access_token"]);
        if (appId is null) return Results.Json(Error(WechatErrorCodes.InvalidCredential, "invalid credential, access_token is invalid or not latest"));
        s.CountApiCall(path);
        if (s.TakeFault(path) is { } fault) return Results.Json(Error(fault, "injected fault"));
        if (s.TakeStall(path)) await Task.Delay(Timeout.Infinite, r.HttpContext.RequestAborted);
        if (s.DelayOf(path) is { Ticks: > 0 } delay) await Task.Delay(delay, r.HttpContext.RequestAborted);
        return Results.Json(await handle(appId));
    }

    private static bool CredentialsMatch(string? appId, string? secret) =>
        (appId == SandboxCredentials.AppId && secret == SandboxCredentials.AppSecret)
        || (appId == SandboxCredentials.MiniProgramAppId && secret == SandboxCredentials.MiniProgramSecret);

    private static JsonObject Ok() => new() { ["errcode"] = 0, ["errmsg"] = "ok" };

    private static JsonObject Error(int code, string message) => new() { ["errcode"] = code, ["errmsg"] = message };
}

using Flurl;
using Flurl.Http;

namespace WechatLeads.Wechat.Api;

public sealed partial class WechatApiClient
{
    public Task<CgibinMenuCreateResponse> ExecuteCgibinMenuCreateAsync(CgibinMenuCreateRequest request, CancellationToken ct = default) =>
        WithTokenAsync<CgibinMenuCreateResponse>(
            "cgi-bin/menu/create",
            t => Api("cgi-bin/menu/create").SetQueryParam("access_token", t).PostJsonAsync(request, cancellationToken: ct),
            ct);

    public Task<CgibinMenuGetResponse> ExecuteCgibinMenuGetAsync(CancellationToken ct = default) =>
        WithTokenAsync<CgibinMenuGetResponse>(
            "cgi-bin/menu/get",
            t => Api("cgi-bin/menu/get").SetQueryParam("access_token", t).GetAsync(cancellationToken: ct),
            ct);

    public Task<CgibinMenuDeleteResponse> ExecuteCgibinMenuDeleteAsync(CancellationToken ct = default) =>
        WithTokenAsync<CgibinMenuDeleteResponse>(
            "cgi-bin/menu/delete",
            t => Api("cgi-bin/menu/delete").SetQueryParam("access_token", t).GetAsync(cancellationToken: ct),
            ct);

    public Task<CgibinMessageCustomSendResponse> ExecuteCgibinMessageCustomSendAsync(CgibinMessageCustomSendRequest request, CancellationToken ct = default) =>
        WithTokenAsync<CgibinMessageCustomSendResponse>(
            "cgi-bin/message/custom/send",
            t => Api("cgi-bin/message/custom/send").SetQueryParam("access_token", t).PostJsonAsync(request, cancellationToken: ct),
            ct);

    public Task<CgibinMessageTemplateSendResponse> ExecuteCgibinMessageTemplateSendAsync(
        CgibinMessageTemplateSendRequest request,
        CancellationToken ct = default) =>
        WithTokenAsync<CgibinMessageTemplateSendResponse>(
            "cgi-bin/message/template/send",
            t => Api("cgi-bin/message/template/send").SetQueryParam("access_token", t).PostJsonAsync(request, cancellationToken: ct),
            ct);

    public Task<CgibinQrcodeCreateResponse> ExecuteCgibinQrcodeCreateAsync(CgibinQrcodeCreateRequest request, CancellationToken ct = default) =>
        WithTokenAsync<CgibinQrcodeCreateResponse>(
            "cgi-bin/qrcode/create",
            t => Api("cgi-bin/qrcode/create").SetQueryParam("access_token", t).PostJsonAsync(request, cancellationToken: ct),
            ct);

    /// <summary><c>cgi-bin/ticket/getticket</c>; <paramref name="type"/> <c>jsapi</c> for the JS-SDK (<c>wx_card</c> for cards).</summary>
    public Task<CgibinTicketGetTicketResponse> ExecuteCgibinTicketGetTicketAsync(string type = "jsapi", CancellationToken ct = default) =>
        WithTokenAsync<CgibinTicketGetTicketResponse>("cgi-bin/ticket/getticket", t => Api("cgi-bin/ticket/getticket")
            .SetQueryParams(new { access_token = t, type }).GetAsync(cancellationToken: ct), ct);

    /// <summary>The image of a QR code ticket (no token needed; the ticket is the credential).</summary>
    public string BuildQrcodeImageUrl(string ticket) =>
        Options.QrCodeImageBaseUrl.TrimEnd('/') + "/cgi-bin/showqrcode?ticket=" + Uri.EscapeDataString(ticket);

    public Task<CgibinUserInfoResponse> ExecuteCgibinUserInfoAsync(string openId, CancellationToken ct = default) =>
        WithTokenAsync<CgibinUserInfoResponse>("cgi-bin/user/info", t => Api("cgi-bin/user/info")
            .SetQueryParams(new { access_token = t, openid = openId, lang = "zh_CN" }).GetAsync(cancellationToken: ct), ct);

    /// <summary>The page WeChat shows (or, for snsapi_base, silently passes) before redirecting back with a code.</summary>
    public string BuildOAuth2AuthorizeUrl(string redirectUri, string scope, string state) =>
        $"{Options.OAuthBaseUrl.TrimEnd('/')}/connect/oauth2/authorize?appid={Uri.EscapeDataString(Options.AppId)}" +
        $"&redirect_uri={Uri.EscapeDataString(redirectUri)}&response_type=code&scope={Uri.EscapeDataString(scope)}" +
        $"&state={Uri.EscapeDataString(state)}#wechat_redirect";

    public Task<SnsOAuth2AccessTokenResponse> ExecuteSnsOAuth2AccessTokenAsync(string code, CancellationToken ct = default) =>
        SendAsync<SnsOAuth2AccessTokenResponse>("sns/oauth2/access_token", () => Api("sns/oauth2/access_token")
            .SetQueryParams(new { appid = Options.AppId, secret = Options.AppSecret, code, grant_type = "authorization_code" })
            .GetAsync(cancellationToken: ct), ct);

    public Task<SnsUserInfoResponse> ExecuteSnsUserInfoAsync(string userAccessToken, string openId, CancellationToken ct = default) =>
        SendAsync<SnsUserInfoResponse>("sns/userinfo", () => Api("sns/userinfo")
            .SetQueryParams(new { access_token = userAccessToken, openid = openId, lang = "zh_CN" }).GetAsync(cancellationToken: ct), ct, userAccessToken);

    public Task<SnsJsCode2SessionResponse> ExecuteSnsJsCode2SessionAsync(string jsCode, CancellationToken ct = default) =>
        SendAsync<SnsJsCode2SessionResponse>("sns/jscode2session", () => Api("sns/jscode2session")
            .SetQueryParams(new { appid = Options.AppId, secret = Options.AppSecret, js_code = jsCode, grant_type = "authorization_code" })
            .GetAsync(cancellationToken: ct), ct);

    /// <summary>
    /// Exchanges a getPhoneNumber code. WeChat documents two body fields: <c>code</c> (required) and <c>openid</c>
    /// (optional; "填入后会校验openid和code的绑定关系" — given, WeChat checks the code was issued to that user), see
    /// https://developers.weixin.qq.com/miniprogram/dev/server/API/user-info/phone-number/api_getphonenumber.html.
    /// A null <paramref name="openId"/> is left out of the body (WechatJson skips nulls), as before.
    /// </summary>
    public Task<WxaBusinessGetUserPhoneNumberResponse> ExecuteWxaBusinessGetUserPhoneNumberAsync(
        string code,
        string? openId = null,
        CancellationToken ct = default) =>
        WithTokenAsync<WxaBusinessGetUserPhoneNumberResponse>("wxa/business/getuserphonenumber", t => Api("wxa/business/getuserphonenumber")
            .SetQueryParam("access_token", t).PostJsonAsync(new { code, openid = openId }, cancellationToken: ct), ct);

    /// <summary>安全风控: the user's fraud risk rank (0–4) for a scene; see <see cref="WxaGetUserRiskRankRequest"/>.</summary>
    public Task<WxaGetUserRiskRankResponse> ExecuteWxaGetUserRiskRankAsync(WxaGetUserRiskRankRequest request, CancellationToken ct = default) =>
        WithTokenAsync<WxaGetUserRiskRankResponse>("wxa/getuserriskrank", t => Api("wxa/getuserriskrank")
            .SetQueryParam("access_token", t).PostJsonAsync(request, cancellationToken: ct), ct);

    /// <summary>订阅消息: one message to a user who accepted the template; 43101 when they have no subscription left.</summary>
    public Task<CgibinMessageSubscribeSendResponse> ExecuteCgibinMessageSubscribeSendAsync(
        CgibinMessageSubscribeSendRequest request,
        CancellationToken ct = default) =>
        WithTokenAsync<CgibinMessageSubscribeSendResponse>("cgi-bin/message/subscribe/send", t => Api("cgi-bin/message/subscribe/send")
            .SetQueryParam("access_token", t).PostJsonAsync(request, cancellationToken: ct), ct);
}

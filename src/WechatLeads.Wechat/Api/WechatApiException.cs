using System.Text.Json.Serialization;

namespace WechatLeads.Wechat.Api;

/// <summary>WeChat answered with a non-zero errcode (HTTP 200 is not success), or could not be reached (-2).</summary>
public class WechatApiException(int errorCode, string errorMessage, string endpoint)
    : Exception($"WeChat {endpoint} failed: {errorCode} {errorMessage}")
{
    public int ErrorCode { get; } = errorCode;
    public string ErrorMessage { get; } = errorMessage;
    public string Endpoint { get; } = endpoint;
}

public static class WechatErrorCodes
{
    public const int Transport = -2;
    public const int SystemBusy = -1;
    public const int InvalidCredential = 40001;
    /// <summary>The openid is not this account's (a mistyped or other account's id).</summary>
    public const int InvalidOpenId = 40003;
    /// <summary>The AppSecret is wrong.</summary>
    public const int InvalidAppSecret = 40125;
    public const int InvalidAccessToken = 40014;
    /// <summary>A template id this account does not have.</summary>
    public const int InvalidTemplateId = 40037;
    /// <summary>A parameter is missing or malformed ("invalid args").</summary>
    public const int InvalidArguments = 40097;
    /// <summary>A template or subscribe message's data does not fit the template's fields.</summary>
    public const int ArgumentInvalid = 47003;
    /// <summary>cgi-bin/menu/get: the account has no custom menu.</summary>
    public const int MenuNotFound = 46003;
    public const int AccessTokenExpired = 42001;
    public const int InvalidCode = 40029;
    public const int CodeBeenUsed = 40163;
    public const int HighRiskUser = 40226;
    public const int ApiDailyQuota = 45009;
    public const int ApiMinuteQuota = 45011;
    public const int ReplyWindowPassed = 45015;
    public const int ReplyCountExceeded = 45047;
    public const int ApiUnauthorized = 48001;
    /// <summary>Customer-service and template messages: the person does not follow the account (any more).</summary>
    public const int UserNotFollowing = 43004;
    /// <summary>订阅消息: the user holds no subscription to the template (never accepted, used up, or turned off).</summary>
    public const int SubscriptionMissing = 43101;
    /// <summary>
    /// The mini-program's paid quota for 手机号快速验证 / 手机号实时验证 is used up: "该功能使用次数已达当前小程序上限，暂时无法使用".
    /// WeChat documents it as the button's <c>e.detail.errno</c> (checked when the user taps, before any code exists);
    /// the server API is not documented to return it, but a caller treats it the same wherever it appears.
    /// </summary>
    public const int PhoneNumberQuotaExhausted = 1400001;

    public static bool IsAccessTokenInvalid(int code) => code is InvalidCredential or InvalidAccessToken or AccessTokenExpired;

    /// <summary>WeChat is busy (past the client's retries) or the account is over an API quota: the same call later may work.</summary>
    public static bool IsBusyOrOverQuota(int code) => code is SystemBusy or ApiDailyQuota or ApiMinuteQuota;
}

/// <summary>The fields every WeChat answer may carry.</summary>
public class WechatApiResponse
{
    [JsonPropertyName("errcode")] public int ErrorCode { get; set; }
    [JsonPropertyName("errmsg")] public string? ErrorMessage { get; set; }
}

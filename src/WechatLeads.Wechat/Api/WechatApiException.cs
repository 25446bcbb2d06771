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
    public const int InvalidAccessToken = 40014;
    public const int AccessTokenExpired = 42001;
    public const int InvalidCode = 40029;
    public const int CodeBeenUsed = 40163;
    public const int HighRiskUser = 40226;
    public const int ApiDailyQuota = 45009;
    public const int ApiMinuteQuota = 45011;
    public const int ReplyWindowPassed = 45015;
    public const int ReplyCountExceeded = 45047;
    public const int ApiUnauthorized = 48001;
    /// <summary>订阅消息: the user holds no subscription to the template (never accepted, used up, or turned off).</summary>
    public const int SubscriptionMissing = 43101;
    /// <summary>
    /// The mini-program's paid quota for 手机号快速验证 / 手机号实时验证 is used up: "该功能使用次数已达当前小程序上限，暂时无法使用".
    /// WeChat documents it as the button's <c>e.detail.errno</c> (checked when the user taps, before any code exists);
    /// the server API is not documented to return it, but a caller treats it the same wherever it appears.
    /// </summary>
    public const int PhoneNumberQuotaExhausted = 1400001;

    public static bool IsAccessTokenInvalid(int code) => code is InvalidCredential or InvalidAccessToken or AccessTokenExpired;
}

/// <summary>The fields every WeChat answer may carry.</summary>
public class WechatApiResponse
{
    [JsonPropertyName("errcode")] public int ErrorCode { get; set; }
    [JsonPropertyName("errmsg")] public string? ErrorMessage { get; set; }
}

using System.Text.Json.Serialization;

namespace WechatLeads.Wechat.Api;

/// <summary><c>cgi-bin/qrcode/create</c>: a parametric QR code.</summary>
public sealed class CgibinQrcodeCreateRequest
{
    [JsonPropertyName("expire_seconds")] public int? ExpireSeconds { get; set; }
    [JsonPropertyName("action_name")] public required string ActionName { get; set; }
    [JsonPropertyName("action_info")] public required ActionInfo Action { get; set; }

    public static CgibinQrcodeCreateRequest TemporaryString(string scene, int expireSeconds) =>
        new() { ExpireSeconds = expireSeconds, ActionName = "QR_STR_SCENE", Action = new ActionInfo { Scene = new SceneInfo { SceneString = scene } } };

    public static CgibinQrcodeCreateRequest PermanentString(string scene) =>
        new() { ActionName = "QR_LIMIT_STR_SCENE", Action = new ActionInfo { Scene = new SceneInfo { SceneString = scene } } };

    public sealed class ActionInfo
    {
        [JsonPropertyName("scene")] public required SceneInfo Scene { get; set; }
    }

    public sealed class SceneInfo
    {
        [JsonPropertyName("scene_str")] public string? SceneString { get; set; }
        [JsonPropertyName("scene_id")] public int? SceneId { get; set; }
    }
}

public sealed class CgibinQrcodeCreateResponse : WechatApiResponse
{
    [JsonPropertyName("ticket")] public string? Ticket { get; set; }
    [JsonPropertyName("expire_seconds")] public int? ExpireSeconds { get; set; }
    [JsonPropertyName("url")] public string? Url { get; set; }
}

public sealed class CgibinUserInfoResponse : WechatApiResponse
{
    [JsonPropertyName("subscribe")] public int Subscribe { get; set; }
    [JsonPropertyName("openid")] public string? OpenId { get; set; }
    [JsonPropertyName("language")] public string? Language { get; set; }
    [JsonPropertyName("subscribe_time")] public long? SubscribeTime { get; set; }
    [JsonPropertyName("unionid")] public string? UnionId { get; set; }
    [JsonPropertyName("remark")] public string? Remark { get; set; }
    [JsonPropertyName("groupid")] public int? GroupId { get; set; }
    [JsonPropertyName("tagid_list")] public IList<int>? TagIds { get; set; }
    [JsonPropertyName("subscribe_scene")] public string? SubscribeScene { get; set; }
    [JsonPropertyName("qr_scene")] public long? QrScene { get; set; }
    [JsonPropertyName("qr_scene_str")] public string? QrSceneString { get; set; }
}

public sealed class SnsOAuth2AccessTokenResponse : WechatApiResponse
{
    [JsonPropertyName("access_token")] public string? AccessToken { get; set; }
    [JsonPropertyName("expires_in")] public int ExpiresIn { get; set; }
    [JsonPropertyName("refresh_token")] public string? RefreshToken { get; set; }
    [JsonPropertyName("openid")] public string? OpenId { get; set; }
    [JsonPropertyName("scope")] public string? Scope { get; set; }
    [JsonPropertyName("unionid")] public string? UnionId { get; set; }
    [JsonPropertyName("is_snapshotuser")] public int? IsSnapshotUser { get; set; }
}

public sealed class SnsUserInfoResponse : WechatApiResponse
{
    [JsonPropertyName("openid")] public string? OpenId { get; set; }
    [JsonPropertyName("nickname")] public string? Nickname { get; set; }
    [JsonPropertyName("sex")] public int? Sex { get; set; }
    [JsonPropertyName("province")] public string? Province { get; set; }
    [JsonPropertyName("city")] public string? City { get; set; }
    [JsonPropertyName("country")] public string? Country { get; set; }
    [JsonPropertyName("headimgurl")] public string? HeadImageUrl { get; set; }
    [JsonPropertyName("privilege")] public IList<string>? Privilege { get; set; }
    [JsonPropertyName("unionid")] public string? UnionId { get; set; }
}

public sealed class SnsJsCode2SessionResponse : WechatApiResponse
{
    [JsonPropertyName("openid")] public string? OpenId { get; set; }
    [JsonPropertyName("session_key")] public string? SessionKey { get; set; }
    [JsonPropertyName("unionid")] public string? UnionId { get; set; }
}

public sealed class WxaBusinessGetUserPhoneNumberResponse : WechatApiResponse
{
    [JsonPropertyName("phone_info")] public PhoneInfo? PhoneInfo { get; set; }
}

public sealed class PhoneInfo
{
    [JsonPropertyName("phoneNumber")] public string? PhoneNumber { get; set; }
    [JsonPropertyName("purePhoneNumber")] public string? PurePhoneNumber { get; set; }
    /// <summary>WeChat sends it as a number or a string; it is read as a string either way.</summary>
    [JsonPropertyName("countryCode")][JsonConverter(typeof(StringOrNumberConverter))] public string? CountryCode { get; set; }
    [JsonPropertyName("watermark")] public Watermark? Watermark { get; set; }
}

public sealed class Watermark
{
    [JsonPropertyName("timestamp")] public long Timestamp { get; set; }
    [JsonPropertyName("appid")] public string? AppId { get; set; }
}

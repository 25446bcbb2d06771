using System.Text.Json.Serialization;

namespace WechatLeads.Wechat.Api;

public sealed class CgibinStableTokenRequest
{
    [JsonPropertyName("grant_type")] public string GrantType { get; set; } = "client_credential";
    [JsonPropertyName("appid")] public required string AppId { get; set; }
    [JsonPropertyName("secret")] public required string Secret { get; set; }
    [JsonPropertyName("force_refresh")] public bool ForceRefresh { get; set; }
}

public sealed class CgibinStableTokenResponse : WechatApiResponse
{
    [JsonPropertyName("access_token")] public string? AccessToken { get; set; }
    [JsonPropertyName("expires_in")] public int ExpiresIn { get; set; }
}

/// <summary><c>cgi-bin/token</c> (classic mode): every fetch replaces the previous token.</summary>
public sealed class CgibinTokenResponse : WechatApiResponse
{
    [JsonPropertyName("access_token")] public string? AccessToken { get; set; }
    [JsonPropertyName("expires_in")] public int ExpiresIn { get; set; }
}

/// <summary>
/// <c>cgi-bin/ticket/getticket?type=jsapi</c>: the ticket a web page's <c>wx.config</c> signature is made with.
/// Valid for <see cref="ExpiresIn"/> seconds (7200) and rate-limited by WeChat: callers cache it.
/// </summary>
public sealed class CgibinTicketGetTicketResponse : WechatApiResponse
{
    [JsonPropertyName("ticket")] public string? Ticket { get; set; }
    [JsonPropertyName("expires_in")] public int ExpiresIn { get; set; }
}

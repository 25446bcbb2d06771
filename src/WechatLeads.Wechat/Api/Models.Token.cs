using System.Text.Json.Serialization;

namespace WechatLeads.Wechat.Api;

public sealed class CgibinStableTokenRequest
{
    [JsonPropertyName("grant_type")] public string GrantType { get; set; } = "client_credential";
    [JsonPropertyName("appid")] public required string AppId { get; set; }
    [JsonPropertyName("secret")] public required string Secret { get; set; }
    [JsonPropertyName("force_refresh")] public bool ForceRefresh { get; set; }
}

/// <summary>The answer of both <c>cgi-bin/stable_token</c> and <c>cgi-bin/token</c>.</summary>
public sealed class CgibinTokenResponse : WechatApiResponse
{
    [JsonPropertyName("access_token")] public string? AccessToken { get; set; }
    [JsonPropertyName("expires_in")] public int ExpiresIn { get; set; }
}

using System.Text.Json.Serialization;

namespace WechatLeads.Wechat.Api;

/// <summary>
/// <c>POST /wxa/getuserriskrank</c> (安全风控): WeChat's estimate of how likely this user is a fraudster in
/// <see cref="Scene"/> (0 registration, 1 marketing fraud / 营销作弊). Must be enabled for the mini-program.
/// </summary>
public sealed class WxaGetUserRiskRankRequest
{
    public const int SceneRegistration = 0;
    public const int SceneMarketing = 1;

    [JsonPropertyName("appid")] public required string AppId { get; set; }
    [JsonPropertyName("openid")] public required string OpenId { get; set; }
    [JsonPropertyName("scene")] public int Scene { get; set; } = SceneMarketing;
    [JsonPropertyName("client_ip")] public required string ClientIp { get; set; }
    [JsonPropertyName("mobile_no")] public string? MobileNumber { get; set; }
    [JsonPropertyName("email_address")] public string? EmailAddress { get; set; }
    [JsonPropertyName("extended_info")] public string? ExtendedInfo { get; set; }
    /// <summary>Marks a test call (WeChat answers it without counting it as a real judgement).</summary>
    [JsonPropertyName("is_test")] public bool? IsTest { get; set; }
}

public sealed class WxaGetUserRiskRankResponse : WechatApiResponse
{
    /// <summary>0 (no known risk) to 4 (highest).</summary>
    [JsonPropertyName("risk_rank")] public int RiskRank { get; set; }
    /// <summary>WeChat's id for this judgement (spelled so in its API), for raising a dispute.</summary>
    [JsonPropertyName("unoin_id")] public long UnionId { get; set; }
}

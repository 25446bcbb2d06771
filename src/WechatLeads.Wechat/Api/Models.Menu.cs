using System.Text.Json.Serialization;

namespace WechatLeads.Wechat.Api;

/// <summary><c>cgi-bin/menu/create</c>'s body, also the shape of <c>config/menu.json</c>.</summary>
public sealed class CgibinMenuCreateRequest
{
    [JsonPropertyName("button")] public IList<MenuButton> Buttons { get; set; } = [];
}

public sealed class MenuButton
{
    [JsonPropertyName("type")] public string? Type { get; set; }
    [JsonPropertyName("name")] public string? Name { get; set; }
    [JsonPropertyName("key")] public string? Key { get; set; }
    [JsonPropertyName("url")] public string? Url { get; set; }
    [JsonPropertyName("appid")] public string? AppId { get; set; }
    [JsonPropertyName("pagepath")] public string? PagePath { get; set; }
    [JsonPropertyName("media_id")] public string? MediaId { get; set; }
    [JsonPropertyName("article_id")] public string? ArticleId { get; set; }
    [JsonPropertyName("sub_button")] public IList<MenuButton>? SubButtons { get; set; }
}

public sealed class CgibinMenuGetResponse : WechatApiResponse
{
    [JsonPropertyName("menu")] public CgibinMenuCreateRequest? Menu { get; set; }
}

/// <summary>Only errcode/errmsg; a type of its own so every endpoint's answer is named after its URL.</summary>
public sealed class CgibinMenuCreateResponse : WechatApiResponse;

public sealed class CgibinMenuDeleteResponse : WechatApiResponse;

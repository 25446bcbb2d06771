using System.Text.Json.Serialization;

namespace WechatLeads.Wechat.Api;

/// <summary><c>cgi-bin/message/custom/send</c>: a customer-service message inside WeChat's reply window.</summary>
public sealed class CgibinMessageCustomSendRequest
{
    [JsonPropertyName("touser")] public required string ToUser { get; set; }
    [JsonPropertyName("msgtype")] public required string MsgType { get; set; }
    [JsonPropertyName("text")] public TextBody? TextContent { get; set; }
    [JsonPropertyName("news")] public NewsBody? NewsContent { get; set; }
    [JsonPropertyName("link")] public LinkBody? LinkContent { get; set; }

    public static CgibinMessageCustomSendRequest Text(string openId, string content) =>
        new() { ToUser = openId, MsgType = "text", TextContent = new TextBody { Content = content } };

    public static CgibinMessageCustomSendRequest News(string openId, string title, string description, string url, string? picUrl = null) =>
        new()
        {
            ToUser = openId,
            MsgType = "news",
            NewsContent = new NewsBody { Articles = [new NewsItem { Title = title, Description = description, Url = url, PicUrl = picUrl }] }
        };

    public static CgibinMessageCustomSendRequest LinkTo(string openId, string title, string description, string url, string? thumbUrl = null) =>
        new() { ToUser = openId, MsgType = "link", LinkContent = new LinkBody { Title = title, Description = description, Url = url, ThumbUrl = thumbUrl } };

    public sealed class TextBody
    {
        [JsonPropertyName("content")] public required string Content { get; set; }
    }

    public sealed class NewsBody
    {
        [JsonPropertyName("articles")] public IList<NewsItem> Articles { get; set; } = [];
    }

    public sealed class NewsItem
    {
        [JsonPropertyName("title")] public string? Title { get; set; }
        [JsonPropertyName("description")] public string? Description { get; set; }
        [JsonPropertyName("url")] public string? Url { get; set; }
        [JsonPropertyName("picurl")] public string? PicUrl { get; set; }
    }

    public sealed class LinkBody
    {
        [JsonPropertyName("title")] public string? Title { get; set; }
        [JsonPropertyName("description")] public string? Description { get; set; }
        [JsonPropertyName("url")] public string? Url { get; set; }
        [JsonPropertyName("thumb_url")] public string? ThumbUrl { get; set; }
    }
}

public sealed class CgibinMessageCustomSendResponse : WechatApiResponse;

/// <summary><c>cgi-bin/message/template/send</c>.</summary>
public sealed class CgibinMessageTemplateSendRequest
{
    [JsonPropertyName("touser")] public required string ToUser { get; set; }
    [JsonPropertyName("template_id")] public required string TemplateId { get; set; }
    [JsonPropertyName("url")] public string? Url { get; set; }
    [JsonPropertyName("miniprogram")] public MiniProgramTarget? MiniProgram { get; set; }
    [JsonPropertyName("data")] public IDictionary<string, DataItem> Data { get; set; } = new Dictionary<string, DataItem>();

    public sealed class MiniProgramTarget
    {
        [JsonPropertyName("appid")] public required string AppId { get; set; }
        [JsonPropertyName("pagepath")] public string? PagePath { get; set; }
    }

    public sealed class DataItem
    {
        [JsonPropertyName("value")] public required string Value { get; set; }
        [JsonPropertyName("color")] public string? Color { get; set; }
    }
}

public sealed class CgibinMessageTemplateSendResponse : WechatApiResponse
{
    [JsonPropertyName("msgid")] public long MsgId { get; set; }
}

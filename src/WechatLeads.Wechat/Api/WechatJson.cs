using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace WechatLeads.Wechat.Api;

/// <summary>
/// JSON as WeChat wants it: Chinese as raw UTF-8 (escaped \u sequences have shown up literally in menus),
/// nulls left out, numbers accepted from strings (countryCode arrives both ways).
/// </summary>
public static class WechatJson
{
    public static JsonSerializerOptions Options { get; } = new()
    {
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        NumberHandling = JsonNumberHandling.AllowReadingFromString,
        PropertyNameCaseInsensitive = false,
    };
}

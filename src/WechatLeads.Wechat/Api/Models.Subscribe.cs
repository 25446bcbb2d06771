using System.Text.Json.Serialization;

namespace WechatLeads.Wechat.Api;

/// <summary>
/// <c>POST /cgi-bin/message/subscribe/send</c> (小程序订阅消息): one message per accepted subscription. Keys of
/// <see cref="Data"/> are the template's keywords (<c>thing1</c>, <c>time2</c>…); their type is the name without
/// the number, and limits the value (see <see cref="SubscribeKeywordRules"/>).
/// </summary>
public sealed class CgibinMessageSubscribeSendRequest
{
    [JsonPropertyName("touser")] public required string ToUserOpenId { get; set; }
    [JsonPropertyName("template_id")] public required string TemplateId { get; set; }
    /// <summary>The mini-program page the card opens (<c>pages/coupons/index?id=…</c>); none when null.</summary>
    [JsonPropertyName("page")] public string? Page { get; set; }
    [JsonPropertyName("data")] public required IDictionary<string, SubscribeValue> Data { get; set; }
    /// <summary><c>developer</c>, <c>trial</c> or <c>formal</c> (the default).</summary>
    [JsonPropertyName("miniprogram_state")] public string? MiniProgramState { get; set; }
    [JsonPropertyName("lang")] public string? Language { get; set; }

    public sealed record SubscribeValue([property: JsonPropertyName("value")] string Value);
}

public sealed class CgibinMessageSubscribeSendResponse : WechatApiResponse
{
    [JsonPropertyName("msgid")] public long MessageId { get; set; }
}

/// <summary>
/// WeChat's limits on a subscribe message's values, by keyword type (from the send API's 参数值内容限制). A value
/// that breaks them is refused with 47003; checking first turns that into a precise error before any call.
/// </summary>
public static class SubscribeKeywordRules
{
    /// <summary>The type of a keyword: its name without the trailing number (<c>character_string3</c> → <c>character_string</c>).</summary>
    public static string TypeOf(string keyword) => keyword.TrimEnd('0', '1', '2', '3', '4', '5', '6', '7', '8', '9');

    /// <summary>Null when the value fits its keyword's type; otherwise why not.</summary>
    public static string? Problem(string keyword, string value)
    {
        var type = TypeOf(keyword);
        var length = new System.Globalization.StringInfo(value).LengthInTextElements;
        if (length == 0) return $"{keyword} is empty.";
        return type switch
        {
            "thing" => length <= 20 ? null : $"{keyword} (thing) is at most 20 characters, not {length}.",
            "number" => length <= 32
                && decimal.TryParse(value, System.Globalization.NumberStyles.AllowDecimalPoint, System.Globalization.CultureInfo.InvariantCulture, out _)
                ? null : $"{keyword} (number) is digits, at most 32.",
            "letter" => length <= 32 && value.All(char.IsAsciiLetter) ? null : $"{keyword} (letter) is at most 32 letters.",
            "symbol" => length <= 5 && !value.Any(char.IsLetterOrDigit) ? null : $"{keyword} (symbol) is at most 5 symbols.",
            "character_string" => length <= 32 && value.All(c => c < 128 && !char.IsWhiteSpace(c)) ? null
                : $"{keyword} (character_string) is at most 32 digits, letters or symbols.",
            "time" or "date" => length <= 40 ? null : $"{keyword} ({type}) is a date or time, at most 40 characters.",
            "amount" => length <= 13 ? null : $"{keyword} (amount) is a currency sign and at most 10 digits.",
            "phone_number" => length <= 17
                && value.All(c => char.IsAsciiDigit(c) || c is '+' or '-' or ' ') ? null : $"{keyword} (phone_number) is at most 17 digits or symbols.",
            "car_number" => length <= 8 ? null : $"{keyword} (car_number) is at most 8 characters.",
            "name" => (value.Any(c => c > 127) ? length <= 10 : length <= 20) ? null : $"{keyword} (name) is at most 10 Chinese or 20 Latin characters.",
            "phrase" => length <= 5 && value.All(c => c > 127) ? null : $"{keyword} (phrase) is at most 5 Chinese characters.",
            _ => length <= 20 ? null : $"{keyword} is at most 20 characters.",
        };
    }
}

using System.Text.Json.Serialization;

namespace WechatLeads.Sms.Aliyun;

/// <summary>
/// One delivery receipt from an SmsReport push. Times are Aliyun's text (<c>yyyy-MM-dd HH:mm:ss</c>), kept as
/// sent. <see cref="OutId"/> is our message id, <see cref="BizId"/> SendSms's BizId. Receipts can repeat: the
/// host de-duplicates by (<see cref="BizId"/>, <see cref="PhoneNumber"/>).
/// </summary>
public sealed record AliyunSmsReport
{
    [JsonPropertyName("phone_number")] public string? PhoneNumber { get; init; }
    [JsonPropertyName("send_time")] public string? SendTime { get; init; }
    [JsonPropertyName("report_time")] public string? ReportTime { get; init; }
    [JsonPropertyName("success")] public bool Success { get; init; }
    /// <summary>e.g. <c>DELIVERED</c>.</summary>
    [JsonPropertyName("err_code")] public string? ErrCode { get; init; }
    [JsonPropertyName("err_msg")] public string? ErrMsg { get; init; }
    /// <summary>Number of segments; documented as a string, accepted as a number too.</summary>
    [JsonPropertyName("sms_size")][JsonConverter(typeof(StringOrNumberConverter))] public string? SmsSize { get; init; }
    [JsonPropertyName("biz_id")] public string? BizId { get; init; }
    [JsonPropertyName("out_id")] public string? OutId { get; init; }
}

/// <summary>One inbound reply from an SmsUp push.</summary>
public sealed record AliyunSmsUp
{
    [JsonPropertyName("phone_number")] public string? PhoneNumber { get; init; }
    [JsonPropertyName("content")] public string? Content { get; init; }
    [JsonPropertyName("send_time")] public string? SendTime { get; init; }
    /// <summary>The uplink extension number (system-assigned).</summary>
    [JsonPropertyName("dest_code")] public string? DestCode { get; init; }
    /// <summary>A string in the current docs, a number in older ones: both accepted.</summary>
    [JsonPropertyName("sequence_id")][JsonConverter(typeof(StringOrNumberConverter))] public string? SequenceId { get; init; }
    /// <summary>Only in the older docs.</summary>
    [JsonPropertyName("sign_name")] public string? SignName { get; init; }

    [JsonIgnore] public bool IsOptOut => SmsOptOutWords.IsOptOut(Content);
}

/// <summary>
/// Parses Aliyun's HTTP batch pushes (SmsReport, SmsUp) and holds the answers it expects. Pushes carry no
/// signature (none is documented): the host protects the URL and trusts only ids it issued. Answer within
/// 700 ms — acknowledge, then process.
/// </summary>
public static class AliyunSmsCallbacks
{
    /// <summary>The answer to a processed push (Aliyun checks only that <c>code</c> is a number; 0 = received).</summary>
    public const string Ack = """{"code":0,"msg":"接收成功"}""";
    /// <summary>The answer to Aliyun's GET connectivity check of the callback URL.</summary>
    public const string ConnectivityCheckAnswer = """{"code":0,"msg":"成功"}""";

    public static IReadOnlyList<AliyunSmsReport> ParseSmsReport(ReadOnlySpan<byte> body)
    {
        const string what = "Aliyun SmsReport push";
        var items = SmsCallbackParsing.Deserialize<List<AliyunSmsReport?>>(body, what);
        for (var i = 0; i < items.Count; i++)
        {
            var r = items[i] ?? throw new SmsCallbackFormatException($"{what}: item {i} is null");
            SmsCallbackParsing.Require(r.PhoneNumber, "phone_number", what, i);
            SmsCallbackParsing.Require(r.BizId, "biz_id", what, i);
        }
        return items!;
    }

    public static IReadOnlyList<AliyunSmsUp> ParseSmsUp(ReadOnlySpan<byte> body)
    {
        const string what = "Aliyun SmsUp push";
        var items = SmsCallbackParsing.Deserialize<List<AliyunSmsUp?>>(body, what);
        for (var i = 0; i < items.Count; i++)
        {
            var r = items[i] ?? throw new SmsCallbackFormatException($"{what}: item {i} is null");
            SmsCallbackParsing.Require(r.PhoneNumber, "phone_number", what, i);
            if (r.Content is null) throw new SmsCallbackFormatException($"{what}: item {i} has no 'content'");
        }
        return items!;
    }
}

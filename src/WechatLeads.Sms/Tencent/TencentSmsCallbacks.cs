using System.Text.Json.Serialization;

namespace WechatLeads.Sms.Tencent;

/// <summary>
/// One delivery-status report (短信下发状态通知). Times are the provider's text (<c>yyyy-MM-dd HH:mm:ss</c>, zone
/// not documented): kept as sent. <see cref="Sid"/> is SendSms's <c>SerialNo</c>; pushes are retried and may
/// repeat, so the host de-duplicates by (<see cref="Sid"/>, <see cref="Mobile"/>).
/// </summary>
public sealed record TencentSmsStatusReport
{
    [JsonPropertyName("user_receive_time")] public string? UserReceiveTime { get; init; }
    [JsonPropertyName("nationcode")][JsonConverter(typeof(StringOrNumberConverter))] public string? NationCode { get; init; }
    /// <summary>Without the country prefix.</summary>
    [JsonPropertyName("mobile")] public string? Mobile { get; init; }
    /// <summary><c>SUCCESS</c> or <c>FAIL</c>.</summary>
    [JsonPropertyName("report_status")] public string? ReportStatus { get; init; }
    /// <summary>The carrier status, e.g. <c>DELIVRD</c>.</summary>
    [JsonPropertyName("errmsg")] public string? ErrMsg { get; init; }
    [JsonPropertyName("description")] public string? Description { get; init; }
    [JsonPropertyName("sid")] public string? Sid { get; init; }
    /// <summary>Our SessionContext, only when Tencent has enabled it for the account.</summary>
    [JsonPropertyName("ext")] public string? Ext { get; init; }

    [JsonIgnore] public bool Delivered => ReportStatus == "SUCCESS";
}

/// <summary>One inbound reply (短信回复 / 上行): a single object per push.</summary>
public sealed record TencentSmsReply
{
    [JsonPropertyName("extend")] public string? Extend { get; init; }
    [JsonPropertyName("mobile")] public string? Mobile { get; init; }
    [JsonPropertyName("nationcode")][JsonConverter(typeof(StringOrNumberConverter))] public string? NationCode { get; init; }
    /// <summary>The signature text the reply was addressed to.</summary>
    [JsonPropertyName("sign")] public string? Sign { get; init; }
    [JsonPropertyName("text")] public string? Text { get; init; }
    /// <summary>Unix seconds.</summary>
    [JsonPropertyName("time")] public long Time { get; init; }

    [JsonIgnore] public DateTimeOffset ReceivedAt => DateTimeOffset.FromUnixTimeSeconds(Time);
    [JsonIgnore] public bool IsOptOut => SmsOptOutWords.IsOptOut(Text);
}

/// <summary>
/// Parses Tencent's pushes and holds the answers it expects. No signature exists on these pushes (none is
/// documented): the host protects the URL (secret path, optional IP allow-list) and trusts only <c>sid</c>s it issued.
/// </summary>
public static class TencentSmsCallbacks
{
    /// <summary>The answer to both pushes when processed (or safely stored).</summary>
    public const string Ack = """{"result":0,"errmsg":"OK"}""";
    /// <summary>A non-zero result: Tencent counts the push as failed and retries (twice more).</summary>
    public const string Nack = """{"result":1,"errmsg":"failed"}""";

    /// <summary>The status push: a JSON array (up to about 100 reports). Throws <see cref="SmsCallbackFormatException"/> when malformed.</summary>
    public static IReadOnlyList<TencentSmsStatusReport> ParseStatusReports(ReadOnlySpan<byte> body)
    {
        var reports = SmsCallbackParsing.Deserialize<List<TencentSmsStatusReport?>>(body, "Tencent status push");
        for (var i = 0; i < reports.Count; i++)
        {
            var r = reports[i] ?? throw new SmsCallbackFormatException($"Tencent status push: item {i} is null");
            SmsCallbackParsing.Require(r.Sid, "sid", "Tencent status push", i);
            SmsCallbackParsing.Require(r.Mobile, "mobile", "Tencent status push", i);
            SmsCallbackParsing.Require(r.ReportStatus, "report_status", "Tencent status push", i);
        }
        return reports!;
    }

    /// <summary>The reply push: one JSON object. Throws <see cref="SmsCallbackFormatException"/> when malformed.</summary>
    public static TencentSmsReply ParseReply(ReadOnlySpan<byte> body)
    {
        var reply = SmsCallbackParsing.Deserialize<TencentSmsReply>(body, "Tencent reply push");
        SmsCallbackParsing.Require(reply.Mobile, "mobile", "Tencent reply push");
        if (reply.Text is null) throw new SmsCallbackFormatException("Tencent reply push: 'text' is missing");
        if (reply.Time <= 0) throw new SmsCallbackFormatException("Tencent reply push: 'time' is missing");
        return reply;
    }
}

using System.Text.Json;

namespace WechatLeads.Sms.Aliyun;

/// <summary>
/// <c>SendSms</c> (Dysmsapi 2017-05-25). All parameters go in the query (the API declares them <c>in: query</c>).
/// <see cref="OutId"/> carries our message id; Aliyun echoes it as <c>out_id</c> in SmsReport.
/// </summary>
public sealed record AliyunSendSmsRequest
{
    /// <summary>One or more numbers (joined with commas); domestic may be bare 11 digits or +86/86/0086-prefixed.</summary>
    public required IReadOnlyList<string> PhoneNumbers { get; init; }
    public required string SignName { get; init; }
    public required string TemplateCode { get; init; }
    /// <summary>Template variables; sent as the JSON string Aliyun wants (<c>{"code":"1234"}</c>).</summary>
    public IReadOnlyDictionary<string, string>? TemplateParam { get; init; }
    public string? SmsUpExtendCode { get; init; }
    public string? OutId { get; init; }

    public const int MaxPhoneNumbers = 1000;

    internal void Validate()
    {
        if (PhoneNumbers is null || PhoneNumbers.Count is 0 or > MaxPhoneNumbers)
            throw new ArgumentException($"PhoneNumbers must hold 1 to {MaxPhoneNumbers} numbers.");
        if (string.IsNullOrWhiteSpace(SignName)) throw new ArgumentException("SignName is required.");
        if (string.IsNullOrWhiteSpace(TemplateCode)) throw new ArgumentException("TemplateCode is required.");
    }

    /// <summary>The query parameters, decoded, in the API's names; empty optional ones left out.</summary>
    internal List<KeyValuePair<string, string>> ToQuery()
    {
        var query = new List<KeyValuePair<string, string>>
        {
            new("PhoneNumbers", string.Join(',', PhoneNumbers)),
            new("SignName", SignName),
            new("TemplateCode", TemplateCode),
        };
        if (TemplateParam is not null) query.Add(new("TemplateParam", JsonSerializer.Serialize(TemplateParam, SmsJson.Options)));
        if (!string.IsNullOrEmpty(SmsUpExtendCode)) query.Add(new("SmsUpExtendCode", SmsUpExtendCode));
        if (!string.IsNullOrEmpty(OutId)) query.Add(new("OutId", OutId));
        return query;
    }
}

/// <summary>The answer. Success is <c>Code == "OK"</c> (upper-case, unlike Tencent's "Ok").</summary>
public sealed record AliyunSendSmsResponse
{
    public string? Code { get; init; }
    public string? Message { get; init; }
    /// <summary>The receipt id; SmsReport's <c>biz_id</c>.</summary>
    public string? BizId { get; init; }
    public string? RequestId { get; init; }
}

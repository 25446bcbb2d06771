using System.Text;
using System.Text.Json.Serialization;

namespace WechatLeads.Sms.Tencent;

/// <summary>
/// <c>SendSms</c> (2021-01-11). Field names and order are the API's. <see cref="SessionContext"/> carries our
/// message id: Tencent echoes it in the answer (and, when enabled, in the status callback's <c>ext</c>).
/// </summary>
public sealed record TencentSendSmsRequest
{
    /// <summary>E.164, e.g. <c>+8613711112222</c>; 1–200 numbers, all domestic or all foreign. See <see cref="SmsPhoneNumbers.ToChinaE164"/>.</summary>
    public required IReadOnlyList<string> PhoneNumberSet { get; init; }
    public required string SmsSdkAppId { get; init; }
    /// <summary>The signature text (not its id); required for domestic SMS.</summary>
    public string? SignName { get; init; }
    public required string TemplateId { get; init; }
    public IReadOnlyList<string>? TemplateParamSet { get; init; }
    public string? ExtendCode { get; init; }
    /// <summary>Our message id; fewer than 512 bytes.</summary>
    public string? SessionContext { get; init; }
    public string? SenderId { get; init; }

    public const int MaxPhoneNumbers = 200;
    public const int MaxSessionContextBytes = 511;

    /// <summary>The documented limits, checked before anything is sent (a refusal by Tencent costs a round trip and reads as a config error).</summary>
    internal void Validate()
    {
        if (PhoneNumberSet is null || PhoneNumberSet.Count is 0 or > MaxPhoneNumbers)
            throw new ArgumentException($"PhoneNumberSet must hold 1 to {MaxPhoneNumbers} numbers.");
        if (string.IsNullOrWhiteSpace(SmsSdkAppId)) throw new ArgumentException("SmsSdkAppId is required.");
        if (string.IsNullOrWhiteSpace(TemplateId)) throw new ArgumentException("TemplateId is required.");
        if (SessionContext is not null && Encoding.UTF8.GetByteCount(SessionContext) > MaxSessionContextBytes)
            throw new ArgumentException("SessionContext must be under 512 bytes.");
    }
}

/// <summary>The <c>Response</c> object of <c>SendSms</c>: one status per number, or <see cref="Error"/> for the whole call.</summary>
public sealed record TencentSendSmsResponse
{
    public IReadOnlyList<TencentSendStatus>? SendStatusSet { get; init; }
    public TencentError? Error { get; init; }
    public string? RequestId { get; init; }
}

/// <summary>The outcome for one number. Success is <c>Code == "Ok"</c> (that spelling).</summary>
public sealed record TencentSendStatus
{
    /// <summary>Delivery serial; the status callback's <c>sid</c>.</summary>
    public string? SerialNo { get; init; }
    public string? PhoneNumber { get; init; }
    public long Fee { get; init; }
    public string? SessionContext { get; init; }
    public string? Code { get; init; }
    public string? Message { get; init; }
    public string? IsoCode { get; init; }

    [JsonIgnore] public bool IsOk => Code == TencentSmsErrors.Ok;

    /// <summary>What a non-Ok code means for a retry (null when Ok).</summary>
    [JsonIgnore] public SmsFailureKind? FailureKind => IsOk ? null : TencentSmsErrors.Classify(Code ?? "");
}

public sealed record TencentError
{
    public string? Code { get; init; }
    public string? Message { get; init; }
}

internal sealed record TencentEnvelope<T>
{
    public T? Response { get; init; }
}

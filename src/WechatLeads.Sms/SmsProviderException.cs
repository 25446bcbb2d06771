namespace WechatLeads.Sms;

/// <summary>
/// A send failed. <see cref="Code"/> is the provider's error code (e.g. <c>FailedOperation.SignatureIncorrectOrUnapproved</c>,
/// <c>isv.BUSINESS_LIMIT_CONTROL</c>) or one of <see cref="SmsErrorCodes"/> for failures with no provider answer.
/// The message carries no credentials and no phone numbers (they are scrubbed from the provider's text).
/// </summary>
public class SmsProviderException(string provider, string code, string providerMessage, SmsFailureKind kind, string? requestId)
    : Exception($"{provider} SMS failed ({kind}): {code} {providerMessage}")
{
    public string Provider { get; } = provider;
    public string Code { get; } = code;
    public string ProviderMessage { get; } = providerMessage;
    public SmsFailureKind Kind { get; } = kind;
    /// <summary>The provider's RequestId when it answered; quote it to their support.</summary>
    public string? RequestId { get; } = requestId;

    /// <summary>True when the message may have been sent: reconcile before any resend.</summary>
    public bool MayHaveBeenSent => Kind == SmsFailureKind.SentUnknown;
}

public sealed class TencentSmsException(string code, string providerMessage, SmsFailureKind kind, string? requestId)
    : SmsProviderException("Tencent", code, providerMessage, kind, requestId);

public sealed class AliyunSmsException(string code, string providerMessage, SmsFailureKind kind, string? requestId)
    : SmsProviderException("Aliyun", code, providerMessage, kind, requestId);

/// <summary>Codes of failures where the provider gave no error code of its own.</summary>
public static class SmsErrorCodes
{
    /// <summary>Our timeout fired after the request was (or may have been) sent.</summary>
    public const string TransportTimeout = "transport.timeout";
    /// <summary>No connection was made (DNS, refused, TLS handshake): nothing reached the provider.</summary>
    public const string TransportUnreachable = "transport.unreachable";
    /// <summary>The connection broke after the request went out (reset, truncated answer).</summary>
    public const string TransportFailed = "transport.failed";
    /// <summary>HTTP status without a provider error body; the status follows, e.g. <c>http.502</c>.</summary>
    public const string HttpStatusPrefix = "http.";
    /// <summary>HTTP 200 but the body is not the documented JSON.</summary>
    public const string BadAnswer = "transport.bad_answer";
}

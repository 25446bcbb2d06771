namespace WechatLeads.Sms.Aliyun;

/// <summary>
/// Aliyun SMS error codes by what they mean for a resend (our policy from the API error-code page; Aliyun says
/// SendSms is not idempotent and asks to check receipts before retrying a timed-out call).
/// </summary>
public static class AliyunSmsErrors
{
    public const string Ok = "OK";

    // Refused before sending: API throttling, a stale timestamp or a reused nonce (both fresh on every call).
    private static readonly HashSet<string> Retryable = new(StringComparer.Ordinal)
    {
        "InvalidTimeStamp.Expired", "SignatureNonceUsed",
    };

    private static readonly HashSet<string> Unknown = new(StringComparer.Ordinal)
    {
        "isp.SYSTEM_ERROR", "InternalError", "ServiceUnavailable",
    };

    /// <summary>Unknown codes are <see cref="SmsFailureKind.Permanent"/>: Aliyun answered and refused.</summary>
    public static SmsFailureKind Classify(string code)
    {
        if (code.StartsWith("Throttling", StringComparison.Ordinal) || Retryable.Contains(code)) return SmsFailureKind.Retryable;
        if (Unknown.Contains(code)) return SmsFailureKind.SentUnknown;
        // Per signature+number flow control (1/min, 5/h, 10/day for codes): tell the person to wait.
        if (code == "isv.BUSINESS_LIMIT_CONTROL") return SmsFailureKind.RateLimited;
        // Account quotas (DAY/MONTH_LIMIT_CONTROL, AMOUNT_NOT_ENOUGH, OUT_OF_SERVICE) and every request error: alert.
        return SmsFailureKind.Permanent;
    }
}

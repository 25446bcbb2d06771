namespace WechatLeads.Sms.Tencent;

/// <summary>
/// Tencent SMS error codes by what they mean for a resend (our policy, from the code descriptions in the
/// error-code pages; Tencent itself calls only the internal timeout "retry may fix it"). Applies to both layers:
/// <c>Response.Error.Code</c> and a number's <c>SendStatusSet[i].Code</c>.
/// </summary>
public static class TencentSmsErrors
{
    public const string Ok = "Ok";
    public const string SignatureFailure = "AuthFailure.SignatureFailure";
    public const string SignatureExpire = "AuthFailure.SignatureExpire";

    // Refused at the API gate or for the clock (the request is re-signed with a fresh timestamp on every call).
    private static readonly HashSet<string> Retryable = new(StringComparer.Ordinal)
    {
        SignatureExpire, "InternalError.RequestTimeException",
    };

    // Provider-side failures on the send path: the message may or may not have reached the carrier.
    private static readonly HashSet<string> Unknown = new(StringComparer.Ordinal)
    {
        "InternalError", "InternalError.Timeout", "InternalError.SendAndRecvFail", "InternalError.UnknownError", "InternalError.OtherError",
    };

    private static readonly HashSet<string> RateLimited = new(StringComparer.Ordinal)
    {
        "LimitExceeded.PhoneNumberThirtySecondLimit", "LimitExceeded.PhoneNumberOneHourLimit", "LimitExceeded.PhoneNumberDailyLimit",
        "LimitExceeded.PhoneNumberSameContentDailyLimit", "LimitExceeded.DeliveryFrequencyLimit", "LimitExceeded.AppDailyLimit", "LimitExceeded.DailyLimit",
    };

    /// <summary>Unknown codes are <see cref="SmsFailureKind.Permanent"/>: Tencent answered, so nothing was sent, and a code we don't know needs a
    /// person.</summary>
    public static SmsFailureKind Classify(string code)
    {
        if (code.StartsWith("RequestLimitExceeded", StringComparison.Ordinal) || Retryable.Contains(code)) return SmsFailureKind.Retryable;
        if (Unknown.Contains(code)) return SmsFailureKind.SentUnknown;
        if (RateLimited.Contains(code)) return SmsFailureKind.RateLimited;
        return SmsFailureKind.Permanent;
    }
}

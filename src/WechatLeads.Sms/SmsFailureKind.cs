namespace WechatLeads.Sms;

/// <summary>
/// What a failed send means for the caller's next step. Neither provider de-duplicates sends (Aliyun says
/// SendSms is not idempotent; Tencent has no idempotency key), so the one question that matters is
/// "may this message already be on its way?" — only <see cref="SentUnknown"/> answers "maybe".
/// </summary>
public enum SmsFailureKind
{
    /// <summary>Not sent, and sending the same request again will fail the same way (bad number, template, signature, account). Alert, don't retry.</summary>
    Permanent,

    /// <summary>Not sent (refused before anything went to a carrier: API throttling, clock skew, connection never made). The same request may be sent again,
    /// with backoff.</summary>
    Retryable,

    /// <summary>Not sent because a frequency or daily limit was hit (per number, or the account's daily cap). Retry only much later, never in a loop.</summary>
    RateLimited,

    /// <summary>
    /// The request may have been accepted (timeout after sending, connection lost mid-answer, gateway 5xx, an
    /// unreadable answer, a provider-side internal error). Do not resend blindly: reconcile first through the
    /// delivery-status callback (Tencent <c>sid</c> / Aliyun <c>out_id</c>) or a status query.
    /// </summary>
    SentUnknown,
}

namespace WechatLeads.Server.Sms;

/// <summary>
/// Why a message is sent. Each purpose has its own provider template (a verification-code template can't carry
/// marketing, and Tencent forbids promoting draws and coupons in any template), so the purpose picks the template.
/// </summary>
internal static class SmsPurposes
{
    /// <summary>A 6-digit code proving a typed number before a participation counts. Parameters: code, minutes.</summary>
    public const string Verification = "verification";
    /// <summary>A code proving the new number of a phone correction. Parameters: code, minutes.</summary>
    public const string Correction = "correction";
    /// <summary>A marketing message of a campaign send. Parameters: whatever the send's template declares.</summary>
    public const string Marketing = "marketing";
    /// <summary>The one confirmation after an SMS opt-out (回复TD退订). No parameters.</summary>
    public const string OptOutConfirmation = "opt_out_confirmation";
    /// <summary>A winner's one reminder to claim a physical prize before its deadline (transactional, not marketing). Parameters: prize, deadline.</summary>
    public const string PrizeReminder = "prize_reminder";
}

/// <summary>
/// One SMS: our own id (passed to the provider as its out-id / session context, so receipts find it again), the
/// number, the purpose that picks the provider template, the template's parameters in template order, and the
/// full text as the sandbox shows it (real providers render their approved template instead).
/// </summary>
internal sealed record SmsMessage(string MessageId, string Phone, string Purpose, IReadOnlyList<KeyValuePair<string, string>> Parameters, string Text);

/// <summary>The provider's answer: accepted (with its id), or refused for good with <see cref="Reason"/> (a provider code, no personal data).</summary>
internal sealed record SmsResult(bool Accepted, string? ProviderMessageId = null)
{
    public string? Reason { get; init; }
}

/// <summary>
/// The seam for an SMS gateway (Aliyun, Tencent Cloud, the sandbox). Answers Accepted=false for a permanent
/// refusal (bad number, template, credentials) and throws <see cref="SmsUnavailableException"/> when the
/// provider can't be used now (down, throttled, or it is unknown whether the message left).
/// </summary>
internal interface ISmsSender
{
    Task<SmsResult> SendAsync(SmsMessage message, CancellationToken ct);

    /// <summary>True when sending the same <see cref="SmsMessage.MessageId"/> twice delivers once (the sandbox); no real provider de-duplicates.</summary>
    bool Idempotent => false;
}

/// <summary>
/// The provider can't take the message now: show "短信暂时无法发送，请稍后再试" and let the person try later.
/// <see cref="MayHaveBeenSent"/> is true when the call timed out or broke after the request left (the
/// message may still arrive; marketing records it as unknown and never repeats it). No phone numbers,
/// no secrets in the message.
/// </summary>
internal sealed class SmsUnavailableException(string provider, string code, bool mayHaveBeenSent, bool rateLimited, Exception? inner = null)
    : Exception($"{provider} SMS is unavailable ({code}){(mayHaveBeenSent ? "; the message may have been sent" : "")}.", inner)
{
    public string Provider { get; } = provider;
    /// <summary>The provider's error code, or one of the library's transport codes (transport.timeout, http.503…).</summary>
    public string Code { get; } = code;
    public bool MayHaveBeenSent { get; } = mayHaveBeenSent;
    /// <summary>A frequency or daily limit (per number or account): try much later, not in a loop.</summary>
    public bool RateLimited { get; } = rateLimited;
}

/// <summary>Refuses: no gateway is configured. Scheduling an SMS send is refused earlier with the same reason.</summary>
internal sealed class NoSmsGateway : ISmsSender
{
    public Task<SmsResult> SendAsync(SmsMessage message, CancellationToken ct) =>
        throw new InvalidOperationException("No SMS gateway is configured (Sms:Provider).");
}

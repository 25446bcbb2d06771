namespace WechatLeads.Server.Sms;

/// <summary>
/// Why a message is sent. Each purpose has its own provider template (a verification-code template can't carry
/// marketing, and Tencent forbids promoting draws and coupons in any template), so the purpose picks the template.
/// </summary>
public static class SmsPurposes
{
    /// <summary>A 6-digit code proving a typed number before a participation counts. Parameters: code, minutes.</summary>
    public const string Verification = "verification";
    /// <summary>A code proving the new number of a phone correction. Parameters: code, minutes.</summary>
    public const string Correction = "correction";
    /// <summary>A marketing message of a campaign send. Parameters: whatever the send's template declares.</summary>
    public const string Marketing = "marketing";
    /// <summary>The one confirmation after an SMS opt-out (回复TD退订). No parameters.</summary>
    public const string OptOutConfirmation = "opt_out_confirmation";
}

/// <summary>
/// One SMS: our own id (passed to the provider as its out-id / session context, so receipts find it again), the
/// number, the purpose that picks the provider template, the template's parameters in template order, and the
/// full text as the sandbox shows it (real providers render their approved template instead).
/// </summary>
public sealed record SmsMessage(string MessageId, string Phone, string Purpose, IReadOnlyList<KeyValuePair<string, string>> Parameters, string Text);

public sealed record SmsResult(bool Accepted, string? ProviderMessageId = null);

/// <summary>
/// The seam for an SMS gateway (Aliyun, Tencent Cloud, the sandbox). Throws on transport errors (the caller
/// decides whether repeating is safe) and answers Accepted=false for a permanent refusal.
/// </summary>
public interface ISmsSender
{
    Task<SmsResult> SendAsync(SmsMessage message, CancellationToken ct);
}

/// <summary>Refuses: no gateway is configured. Scheduling an SMS send is refused earlier with the same reason.</summary>
internal sealed class NoSmsGateway : ISmsSender
{
    public Task<SmsResult> SendAsync(SmsMessage message, CancellationToken ct) =>
        throw new InvalidOperationException("No SMS gateway is configured (Marketing:SmsProvider).");
}

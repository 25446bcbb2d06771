namespace WechatLeads.Server.Marketing;

public sealed record SmsMessage(string MessageId, string Phone, string Text);

public sealed record SmsResult(bool Accepted, string? ProviderMessageId = null);

/// <summary>
/// The seam for an SMS gateway (Aliyun, Tencent Cloud, …). An adapter must pass <see cref="SmsMessage.MessageId"/>
/// as the gateway's idempotency/out-id so that a message repeated after a crash is not sent twice, must
/// throw on transport errors (the send retries) and answer Accepted=false for a permanent refusal.
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

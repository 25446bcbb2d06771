using WechatLeads.Server.Marketing;
using WechatLeads.Server.Sms;

namespace WechatLeads.Server.Sandbox;

/// <summary>The SMS gateway of the sandbox: records each message (once per id) instead of sending it.</summary>
internal sealed class SandboxSmsGateway(SandboxState state) : ISmsSender
{
    /// <summary>The inbox keeps one message per id, so a repeat delivers nothing twice.</summary>
    public bool Idempotent => true;

    public Task<SmsResult> SendAsync(SmsMessage message, CancellationToken ct)
    {
        state.DeliverSms(message.MessageId, message.Phone, message.Text);
        return Task.FromResult(new SmsResult(true, message.MessageId));
    }
}

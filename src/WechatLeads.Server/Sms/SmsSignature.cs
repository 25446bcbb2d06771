using Microsoft.Extensions.Options;

namespace WechatLeads.Server.Sms;

/// <summary>
/// The 【签名】 every text message starts with (MIIT and both providers require it): the brand in
/// <c>Marketing:SenderName</c>, the one key operators know it by. Read here so code texts and claim reminders
/// need nothing from Marketing; the sandbox signs as its demo brand when none is configured.
/// </summary>
internal sealed class SmsSignature(IOptionsMonitor<SmsSignature.Options> options)
{
    public const string SandboxSenderName = "示例咖啡";

    public sealed class Options
    {
        public string SenderName { get; set; } = "";
    }

    public string SenderName => options.CurrentValue.SenderName;

    /// <summary>The text as it goes out: 【SenderName】text.</summary>
    public string Sign(string text) => $"【{SenderName}】{text}";
}

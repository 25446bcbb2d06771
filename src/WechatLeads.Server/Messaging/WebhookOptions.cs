namespace WechatLeads.Server.Messaging;

/// <summary>The <c>Webhook</c> section.</summary>
internal sealed class WebhookOptions
{
    public const string Section = "Webhook";

    /// <summary>Pushes are a few hundred bytes; anything over this is refused with 413 before it is parsed.</summary>
    public int MaxBodyBytes { get; set; } = 1024 * 1024;

    /// <summary>A timestamp further than this from the server clock is refused as a replay.</summary>
    public TimeSpan TimestampTolerance { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>How long de-duplication receipts are kept (WeChat retries within ~15 s; at least 60 s is required).</summary>
    public TimeSpan ReceiptRetention { get; set; } = TimeSpan.FromHours(24);
}

namespace WechatLeads.Server.Messaging;

/// <summary>The query string WeChat signs every push with.</summary>
internal readonly record struct WebhookQuery(
    string? Signature, string? Timestamp, string? Nonce, string? EchoStr, string? EncryptType, string? MsgSignature)
{
    public static WebhookQuery From(IQueryCollection q) => new(
        q["signature"], q["timestamp"], q["nonce"], q["echostr"], q["encrypt_type"], q["msg_signature"]);

    public bool IsSafeMode => string.Equals(EncryptType, "aes", StringComparison.OrdinalIgnoreCase);

    /// <summary>True when the timestamp is a number within <paramref name="tolerance"/> of <paramref name="now"/>.</summary>
    public bool IsFresh(DateTimeOffset now, TimeSpan tolerance) =>
        long.TryParse(Timestamp, out var seconds)
        && Math.Abs(now.ToUnixTimeSeconds() - seconds) <= tolerance.TotalSeconds;
}

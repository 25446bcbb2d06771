using WechatLeads.Wechat.Crypto;

namespace WechatLeads.Server.Platform;

/// <summary>
/// The Official Account this process answers for: the configured one, or the built-in sandbox account
/// when none is configured. Everything that signs, verifies or decrypts pushes takes it from here.
/// </summary>
public sealed class WechatAccount
{
    public WechatAccount(string appId, string appSecret, string token, string? encodingAesKey, bool isSandbox, MessageMode? mode = null)
    {
        AppId = appId;
        AppSecret = appSecret;
        Token = token;
        IsSandbox = isSandbox;
        Crypto = string.IsNullOrWhiteSpace(encodingAesKey) ? null : new WechatMessageCrypto(encodingAesKey, appId);
        Mode = mode ?? (Crypto is null ? MessageMode.Plain : MessageMode.Safe);
    }

    public string AppId { get; }
    public string AppSecret { get; }
    public string Token { get; }
    public bool IsSandbox { get; }

    /// <summary>Null when the account has no EncodingAESKey: then only plain mode is accepted.</summary>
    public WechatMessageCrypto? Crypto { get; }

    /// <summary>Which pushes are accepted; Compatible and Safe always have <see cref="Crypto"/> (checked at start-up).</summary>
    public MessageMode Mode { get; }

    /// <summary>True when a push without AES and msg_signature must be refused.</summary>
    public bool RequiresEncryption => Mode != MessageMode.Plain;

    public static WechatAccount From(WechatOptions options)
    {
        var oa = options.OfficialAccount;
        var mode = ParseMode(oa.MessageMode);
        return oa.IsConfigured
            ? new WechatAccount(oa.AppId!, oa.AppSecret ?? "", oa.Token ?? "", oa.EncodingAESKey, isSandbox: false, mode)
            : new WechatAccount(SandboxCredentials.AppId, SandboxCredentials.AppSecret, SandboxCredentials.Token,
                SandboxCredentials.EncodingAesKey, isSandbox: true, mode);
    }

    /// <summary>Null for empty (the default applies); start-up validation has refused anything else unknown.</summary>
    public static MessageMode? ParseMode(string? configured) =>
        string.IsNullOrWhiteSpace(configured) ? null
        : char.IsLetter(configured.Trim()[0]) && Enum.TryParse<MessageMode>(configured.Trim(), ignoreCase: true, out var mode) ? mode
        : throw new InvalidOperationException($"Wechat:OfficialAccount:MessageMode '{configured}' is not Plain, Compatible or Safe.");
}

/// <summary>The fixed, public credentials of the built-in sandbox account. They open nothing real.</summary>
public static class SandboxCredentials
{
    public const string AppId = "wxsandbox00000001";
    public const string AppSecret = "sandbox-secret-not-a-real-one";
    public const string Token = "sandboxtoken";
    public const string EncodingAesKey = "c2FuZGJveC1lbmNvZGluZy1hZXMta2V5LTMyLWJ5dGU";
    public const string OriginalId = "gh_sandbox000001";
    public const string MiniProgramAppId = "wxsandboxmp000001";
    public const string MiniProgramSecret = "sandbox-mp-secret-not-a-real-one";
}

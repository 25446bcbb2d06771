using WechatLeads.Wechat.Crypto;

namespace WechatLeads.Server.Platform;

/// <summary>
/// The Official Account this process answers for: the configured one, or the built-in sandbox account
/// when none is configured. Everything that signs, verifies or decrypts pushes takes it from here.
/// </summary>
internal sealed class WechatAccount
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

    /// <summary>The built-in sandbox (its pages, SMS gateway and demo data) runs only for the sandbox account, never in Production.</summary>
    public bool SandboxEnabledIn(IHostEnvironment environment) => IsSandbox && !environment.IsProduction();

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

    /// <summary>
    /// The mini-program as a push source: its own Token and key for <c>/wechat/miniprogram</c>. The sandbox's when
    /// the sandbox runs; null when the mini-program has no push Token (it then has no push URL).
    /// </summary>
    public static WechatAccount? ForMiniProgramPushes(WechatOptions options)
    {
        var mp = options.MiniProgram;
        if (mp.IsConfigured && !string.IsNullOrWhiteSpace(mp.Token))
            return new WechatAccount(mp.AppId!, mp.AppSecret ?? "", mp.Token, mp.EncodingAESKey, isSandbox: false,
                ParseMode(mp.MessageMode, "Wechat:MiniProgram:MessageMode"));
        return options.OfficialAccount.IsConfigured || mp.IsConfigured ? null
            : new WechatAccount(SandboxCredentials.MiniProgramAppId, SandboxCredentials.MiniProgramSecret, SandboxCredentials.MiniProgramToken,
                SandboxCredentials.MiniProgramEncodingAesKey, isSandbox: true, ParseMode(mp.MessageMode, "Wechat:MiniProgram:MessageMode"));
    }

    /// <summary>Null for empty (the default applies); start-up validation has refused anything else unknown.</summary>
    public static MessageMode? ParseMode(string? configured, string key = "Wechat:OfficialAccount:MessageMode") =>
        string.IsNullOrWhiteSpace(configured) ? null
        : char.IsLetter(configured.Trim()[0]) && Enum.TryParse<MessageMode>(configured.Trim(), ignoreCase: true, out var mode) ? mode
        : throw new InvalidOperationException($"{key} '{configured}' is not Plain, Compatible or Safe.");
}

/// <summary>The fixed, public credentials of the built-in sandbox account. They open nothing real.</summary>
internal static class SandboxCredentials
{
    public const string AppId = "wxsandbox00000001";
    public const string AppSecret = "sandbox-secret-not-a-real-one";
    public const string Token = "sandboxtoken";
    public const string EncodingAesKey = "c2FuZGJveC1lbmNvZGluZy1hZXMta2V5LTMyLWJ5dGU";
    public const string OriginalId = "gh_sandbox000001";
    public const string MiniProgramAppId = "wxsandboxmp000001";
    public const string MiniProgramSecret = "sandbox-mp-secret-not-a-real-one";
    public const string MiniProgramToken = "sandboxmptoken";
    public const string MiniProgramEncodingAesKey = "c2FuZGJveC1taW5pcHJvZ3JhbS1wdXNoLWtleS0zMmI";
    public const string MiniProgramOriginalId = "gh_sandboxmp0001";
}

using WechatLeads.Wechat.Crypto;

namespace WechatLeads.Server.Platform;

/// <summary>
/// The Official Account this process answers for: the configured one, or the built-in sandbox account
/// when none is configured. Everything that signs, verifies or decrypts pushes takes it from here.
/// </summary>
public sealed class WechatAccount
{
    public WechatAccount(string appId, string appSecret, string token, string? encodingAesKey, bool isSandbox)
    {
        AppId = appId;
        AppSecret = appSecret;
        Token = token;
        IsSandbox = isSandbox;
        Crypto = string.IsNullOrWhiteSpace(encodingAesKey) ? null : new WechatMessageCrypto(encodingAesKey, appId);
    }

    public string AppId { get; }
    public string AppSecret { get; }
    public string Token { get; }
    public bool IsSandbox { get; }

    /// <summary>Null when the account has no EncodingAESKey: then only plain mode is accepted.</summary>
    public WechatMessageCrypto? Crypto { get; }

    public static WechatAccount From(WechatOptions options)
    {
        var oa = options.OfficialAccount;
        return oa.IsConfigured
            ? new WechatAccount(oa.AppId!, oa.AppSecret ?? "", oa.Token ?? "", oa.EncodingAESKey, isSandbox: false)
            : new WechatAccount(SandboxCredentials.AppId, SandboxCredentials.AppSecret, SandboxCredentials.Token,
                SandboxCredentials.EncodingAesKey, isSandbox: true);
    }
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

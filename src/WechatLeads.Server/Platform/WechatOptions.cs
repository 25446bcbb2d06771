using System.ComponentModel.DataAnnotations;

namespace WechatLeads.Server.Platform;

/// <summary>The <c>Wechat</c> configuration section: the accounts this deployment serves and where WeChat lives.</summary>
internal sealed class WechatOptions
{
    public const string Section = "Wechat";

    public OfficialAccountOptions OfficialAccount { get; set; } = new();
    public MiniProgramOptions MiniProgram { get; set; } = new();

    /// <summary>Left empty, it is <c>https://api.weixin.qq.com</c>, or the built-in sandbox when no account is configured.</summary>
    public string? ApiBaseUrl { get; set; }

    /// <summary>Left empty, it is <c>https://open.weixin.qq.com</c>, or the built-in sandbox when no account is configured.</summary>
    public string? OAuthBaseUrl { get; set; }

    /// <summary><c>Stable</c> (cgi-bin/stable_token, recommended) or <c>Classic</c> (cgi-bin/token).</summary>
    public string TokenMode { get; set; } = "Stable";

    /// <summary>The public base URL of this deployment (used in links sent to followers), e.g. https://leads.example.com.</summary>
    public string? PublicBaseUrl { get; set; }
}

internal sealed class OfficialAccountOptions
{
    public string? AppId { get; set; }
    public string? AppSecret { get; set; }
    public string? Token { get; set; }
    public string? EncodingAESKey { get; set; }

    /// <summary>
    /// What the account is set to in 设置与开发 → 基本配置 → 消息加解密方式: <c>Plain</c> (明文), <c>Compatible</c> (兼容)
    /// or <c>Safe</c> (安全). Empty means <c>Safe</c> when an EncodingAESKey is configured, <c>Plain</c> otherwise.
    /// </summary>
    public string? MessageMode { get; set; }

    public bool IsConfigured => !string.IsNullOrWhiteSpace(AppId);
}

/// <summary>
/// How pushes must arrive. The mode names the weakest push accepted: in <see cref="Plain"/> the signature
/// covers only (token, timestamp, nonce) — not the body — so anyone who saw one push URL could post any body
/// within the timestamp window; in <see cref="Compatible"/> and <see cref="Safe"/> only an AES push whose
/// msg_signature covers its <c>Encrypt</c> is accepted, and only the decrypted content is believed.
/// </summary>
internal enum MessageMode
{
    Plain,
    Compatible,
    Safe,
}

internal sealed class MiniProgramOptions
{
    public string? AppId { get; set; }
    public string? AppSecret { get; set; }

    /// <summary>
    /// The mini-program's message push (开发管理 → 消息推送) Token: with it, pushes are taken at
    /// <c>/wechat/miniprogram</c> (data format XML). Without it the mini-program has no push URL here.
    /// </summary>
    public string? Token { get; set; }
    public string? EncodingAESKey { get; set; }

    /// <summary><c>Plain</c>, <c>Compatible</c> or <c>Safe</c>, as for the Official Account.</summary>
    public string? MessageMode { get; set; }

    public bool IsConfigured => !string.IsNullOrWhiteSpace(AppId);
}

internal sealed class SecurityOptions
{
    public const string Section = "Security";

    /// <summary>
    /// Base64 of 32 random bytes: the root key for personal-data encryption and keyed hashes. Checked at start by
    /// <see cref="StartupValidation"/> (required outside Development, where a key file is generated instead).
    /// </summary>
    public string? EncryptionKey { get; set; }
}

using WechatLeads.Wechat.Crypto;

namespace WechatLeads.Server.Platform;

/// <summary>
/// Checks the configuration before anything listens, with messages that say what to fix.
/// Production is strict: a half-configured account or a missing encryption key stops the process.
/// </summary>
internal static class StartupValidation
{
    public static IReadOnlyList<string> Validate(WechatOptions wechat, SecurityOptions security, bool isProduction)
    {
        var problems = new List<string>();
        var oa = wechat.OfficialAccount;

        if (oa.IsConfigured)
        {
            if (string.IsNullOrWhiteSpace(oa.AppSecret))
                problems.Add("Wechat:OfficialAccount:AppSecret is empty: copy it from mp.weixin.qq.com → 设置与开发 → 基本配置.");
            if (string.IsNullOrWhiteSpace(oa.Token))
                problems.Add("Wechat:OfficialAccount:Token is empty: it must equal the Token entered in the account's server configuration.");
            if (!string.IsNullOrWhiteSpace(oa.EncodingAESKey))
            {
                try { _ = new WechatMessageCrypto(oa.EncodingAESKey, oa.AppId!); }
                catch (ArgumentException e) { problems.Add($"Wechat:OfficialAccount:EncodingAESKey is invalid: {e.Message}"); }
            }
            else if (isProduction)
            {
                problems.Add("Wechat:OfficialAccount:EncodingAESKey is empty: Production requires safe (AES) mode; set the 43-character key from the account's server configuration.");
            }
        }
        else if (isProduction)
        {
            problems.Add("Wechat:OfficialAccount:AppId is empty: Production needs a real Official Account (the sandbox never runs in Production).");
        }
        else if (!string.IsNullOrWhiteSpace(oa.AppSecret) || !string.IsNullOrWhiteSpace(oa.Token) || !string.IsNullOrWhiteSpace(oa.EncodingAESKey))
        {
            problems.Add("Wechat:OfficialAccount has a Secret, Token or EncodingAESKey but no AppId: set the AppId too, or remove them to use the sandbox.");
        }

        var mp = wechat.MiniProgram;
        if (mp.IsConfigured != !string.IsNullOrWhiteSpace(mp.AppSecret))
            problems.Add("Wechat:MiniProgram needs both AppId and AppSecret, or neither.");

        if (wechat.TokenMode is not ("Stable" or "Classic"))
            problems.Add($"Wechat:TokenMode must be Stable or Classic, not '{wechat.TokenMode}'.");

        if (string.IsNullOrWhiteSpace(security.EncryptionKey))
        {
            if (isProduction)
                problems.Add("Security:EncryptionKey is empty: set it to base64 of 32 random bytes (openssl rand -base64 32) from a secret store.");
        }
        else if (!IsBase64Of32Bytes(security.EncryptionKey))
        {
            problems.Add("Security:EncryptionKey must be base64 of exactly 32 random bytes (openssl rand -base64 32).");
        }

        return problems;
    }

    private static bool IsBase64Of32Bytes(string value)
    {
        Span<byte> buffer = stackalloc byte[48];
        return Convert.TryFromBase64String(value, buffer, out var written) && written == 32;
    }
}

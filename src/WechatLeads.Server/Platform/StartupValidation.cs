using WechatLeads.Wechat.Crypto;

namespace WechatLeads.Server.Platform;

/// <summary>
/// How strict start-up is. Everything except <c>Development</c> is strict — a deployment named Staging,
/// Prod or production-cn is as exposed as one named Production — so the security-relevant defaults (no
/// sandbox, safe mode, a configured and random encryption key, no generated key file) hold there too.
/// Production itself never runs the sandbox, whatever the configuration says.
/// </summary>
internal readonly record struct StartupPosture(bool Strict, bool IsProduction, bool SandboxRequested)
{
    public const string SandboxKey = "Sandbox:Enabled";

    public static StartupPosture Of(IHostEnvironment environment, IConfiguration configuration) =>
        new(!environment.IsDevelopment(), environment.IsProduction(), configuration.GetValue<bool>(SandboxKey));

    /// <summary>Development always; elsewhere only when asked for with <c>Sandbox:Enabled=true</c>; never in Production.</summary>
    public bool SandboxAllowed => !IsProduction && (!Strict || SandboxRequested);
}

/// <summary>
/// Checks the configuration before anything listens, with messages that say what to fix.
/// Strict environments (all but Development) stop the process on a half-configured account, a missing or
/// guessable encryption key, or an account left in plain mode without saying so.
/// </summary>
internal static class StartupValidation
{
    public static IReadOnlyList<string> Validate(WechatOptions wechat, SecurityOptions security, StartupPosture posture)
    {
        var problems = new List<string>();
        var oa = wechat.OfficialAccount;
        MessageMode? mode = null;
        try { mode = WechatAccount.ParseMode(oa.MessageMode); }
        catch (InvalidOperationException e) { problems.Add(e.Message); }

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
            else if (mode is MessageMode.Safe or MessageMode.Compatible)
            {
                problems.Add($"Wechat:OfficialAccount:MessageMode is {mode} but Wechat:OfficialAccount:EncodingAESKey is empty: set the 43-character key " +
                    $"from the account's server configuration.");
            }
            else if (posture.Strict && mode is null)
            {
                problems.Add("Wechat:OfficialAccount:EncodingAESKey is empty: safe (AES) mode is required outside Development; set the 43-character key " +
                    "from the account's server configuration, or set Wechat:OfficialAccount:MessageMode=Plain if the account really uses 明文模式.");
            }
        }
        else if (!posture.SandboxAllowed)
        {
            problems.Add(posture.IsProduction
                ? "Wechat:OfficialAccount:AppId is empty: Production needs a real Official Account (the sandbox never runs in Production)."
                : "Wechat:OfficialAccount:AppId is empty: outside Development the built-in sandbox runs only when Sandbox:Enabled=true; configure a real " +
                    "Official Account, or enable the sandbox explicitly.");
        }
        else if (!string.IsNullOrWhiteSpace(oa.AppSecret) || !string.IsNullOrWhiteSpace(oa.Token) || !string.IsNullOrWhiteSpace(oa.EncodingAESKey))
        {
            problems.Add("Wechat:OfficialAccount has a Secret, Token or EncodingAESKey but no AppId: set the AppId too, or remove them to use the sandbox.");
        }

        var mp = wechat.MiniProgram;
        if (mp.IsConfigured != !string.IsNullOrWhiteSpace(mp.AppSecret))
            problems.Add("Wechat:MiniProgram needs both AppId and AppSecret, or neither.");
        problems.AddRange(MiniProgramPushProblems(mp, posture));

        if (wechat.TokenMode is not ("Stable" or "Classic"))
            problems.Add($"Wechat:TokenMode must be Stable or Classic, not '{wechat.TokenMode}'.");

        problems.AddRange(EncryptionKeyProblems(security.EncryptionKey, posture.Strict));
        return problems;
    }

    /// <summary>The mini-program's push settings, held to the same rules as the Official Account's.</summary>
    private static IEnumerable<string> MiniProgramPushProblems(MiniProgramOptions mp, StartupPosture posture)
    {
        var hasToken = !string.IsNullOrWhiteSpace(mp.Token);
        if (!hasToken)
        {
            // Without an AppId the sandbox's mini-program is in use, whose push mode may be set (plain-mode tests).
            if (mp.IsConfigured && (!string.IsNullOrWhiteSpace(mp.EncodingAESKey) || !string.IsNullOrWhiteSpace(mp.MessageMode)))
                yield return "Wechat:MiniProgram:EncodingAESKey or MessageMode is set without Wechat:MiniProgram:Token: set the push Token too (开发管理 → 消息推送).";
            yield break;
        }
        if (!mp.IsConfigured) { yield return "Wechat:MiniProgram:Token is set without Wechat:MiniProgram:AppId."; yield break; }
        MessageMode? mode = null;
        string? modeProblem = null;
        try { mode = WechatAccount.ParseMode(mp.MessageMode, "Wechat:MiniProgram:MessageMode"); }
        catch (InvalidOperationException e) { modeProblem = e.Message; }
        if (modeProblem is not null) yield return modeProblem;
        if (!string.IsNullOrWhiteSpace(mp.EncodingAESKey))
        {
            string? keyProblem = null;
            try { _ = new WechatMessageCrypto(mp.EncodingAESKey, mp.AppId!); }
            catch (ArgumentException e) { keyProblem = $"Wechat:MiniProgram:EncodingAESKey is invalid: {e.Message}"; }
            if (keyProblem is not null) yield return keyProblem;
        }
        else if (mode is MessageMode.Safe or MessageMode.Compatible)
            yield return $"Wechat:MiniProgram:MessageMode is {mode} but Wechat:MiniProgram:EncodingAESKey is empty: set the 43-character key from the " +
                $"message push settings.";
        else if (posture.Strict && mode is null)
            yield return "Wechat:MiniProgram:EncodingAESKey is empty: safe mode is required outside Development; set the key from 开发管理 → 消息推送, " +
                "or set Wechat:MiniProgram:MessageMode=Plain if the push really is 明文模式.";
    }

    private static IEnumerable<string> EncryptionKeyProblems(string? configured, bool strict)
    {
        if (string.IsNullOrWhiteSpace(configured))
        {
            // Outside Development a generated key file is never acceptable: it would sit beside the data it protects.
            if (strict) yield return "Security:EncryptionKey is empty: set it to base64 of 32 random bytes (openssl rand -base64 32) from a secret store.";
            yield break;
        }
        var key = new byte[48];
        if (!Convert.TryFromBase64String(configured, key, out var written) || written != 32)
        {
            yield return "Security:EncryptionKey must be base64 of exactly 32 random bytes (openssl rand -base64 32).";
            yield break;
        }
        if (strict && KeyEntropy.LooksGuessable(key.AsSpan(0, 32)))
            yield return "Security:EncryptionKey looks made by hand (all zeros, a repeated or counting pattern): use 32 random bytes (openssl rand -base64 " +
                "32).";
    }
}

/// <summary>Catches keys typed or patterned by a person, not weak random ones (32 random bytes never look like this).</summary>
internal static class KeyEntropy
{
    public static bool LooksGuessable(ReadOnlySpan<byte> key)
    {
        // 32 random bytes have about 26 distinct values; fewer than 16 happens with probability far below 2^-40.
        Span<bool> seen = stackalloc bool[256];
        var distinct = 0;
        foreach (var b in key) if (!seen[b]) { seen[b] = true; distinct++; }
        if (distinct < 16) return true;
        // A constant step (0,1,2,… or 32,31,30,…) is a counter, not a key.
        var step = (byte)(key[1] - key[0]);
        for (var i = 2; i < key.Length; i++) if ((byte)(key[i] - key[i - 1]) != step) return false;
        return true;
    }
}

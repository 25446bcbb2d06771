using System.Net;

namespace WechatLeads.Server.Sms;

/// <summary>
/// Start-up checks of <c>Sms:*</c>, each message naming its key. Run before anything listens (like the
/// platform's checks): a server that would answer "code sent" with no way to send one must not start.
/// </summary>
internal static class SmsOptionsValidation
{
    public const int MinCallbackTokenLength = 32;

    /// <summary>
    /// <c>Sms:Provider</c>, else the older <c>Marketing:SmsProvider</c>, else <c>Sandbox</c> where the WeChat sandbox
    /// runs (a demo shows codes in its inbox), else none.
    /// </summary>
    public static string EffectiveProvider(IConfiguration configuration, bool sandboxEnabled)
    {
        var configured = configuration["Sms:Provider"];
        if (string.IsNullOrWhiteSpace(configured)) configured = configuration["Marketing:SmsProvider"];
        if (!string.IsNullOrWhiteSpace(configured)) return configured.Trim();
        return sandboxEnabled ? SmsOptions.SandboxName : "";
    }

    public static IReadOnlyList<string> Validate(SmsOptions o, bool sandboxEnabled)
    {
        var problems = new List<string>();
        switch (o.Provider)
        {
            case "":
                break;
            case SmsOptions.SandboxName:
                if (!sandboxEnabled)
                    problems.Add("Sms:Provider=Sandbox is allowed only where the WeChat sandbox runs (never in Production, nor beside a real Official " +
                        "Account): set Sms:Provider to Tencent or Aliyun.");
                break;
            case SmsOptions.TencentName:
                Require(problems, o.Tencent.SecretId, "Sms:Tencent:SecretId", "the API key's SecretId (console → 访问管理 → API密钥)");
                Require(problems, o.Tencent.SecretKey, "Sms:Tencent:SecretKey", "the API key's SecretKey, from a secret store");
                Require(problems, o.Tencent.SdkAppId, "Sms:Tencent:SdkAppId", "the SMS application's SdkAppId (短信 → 应用管理)");
                Require(problems, o.Tencent.SignName, "Sms:Tencent:SignName", "the approved signature text (签名内容)");
                problems.AddRange(o.Tencent.ClientOptions().Validate("Sms:Tencent"));
                break;
            case SmsOptions.AliyunName:
                Require(problems, o.Aliyun.AccessKeyId, "Sms:Aliyun:AccessKeyId", "the RAM user's AccessKey ID");
                Require(problems, o.Aliyun.AccessKeySecret, "Sms:Aliyun:AccessKeySecret", "the RAM user's AccessKey secret, from a secret store");
                Require(problems, o.Aliyun.SignName, "Sms:Aliyun:SignName", "the approved signature name (签名名称)");
                problems.AddRange(o.Aliyun.ClientOptions().Validate("Sms:Aliyun"));
                break;
            default:
                problems.Add($"Sms:Provider must be Tencent, Aliyun, Sandbox or empty, not '{o.Provider}'.");
                break;
        }

        if (o.IsRealProvider)
        {
            if (o.CallbackToken.Trim().Length < MinCallbackTokenLength)
                problems.Add($"Sms:CallbackToken must be at least {MinCallbackTokenLength} random characters (openssl rand -hex 24): it is the only thing " +
                    $"protecting the receipt and reply callbacks.");
            Require(problems, o.Templates.Verification.Id, "Sms:Templates:Verification:Id", "the approved verification-code template id");
            Require(
                problems,
                o.Templates.OptOutConfirmation.Id,
                "Sms:Templates:OptOutConfirmation:Id",
                "the approved notification template confirming an SMS opt-out");
        }

        foreach (var (name, template) in new[]
        {
            ("Verification", o.Templates.Verification), ("Correction", o.Templates.Correction),
            ("Marketing", o.Templates.Marketing), ("OptOutConfirmation", o.Templates.OptOutConfirmation), ("PrizeReminder", o.Templates.PrizeReminder),
        })
        {
            if (!SmsTemplateTypes.All.Contains(template.Type))
                problems.Add($"Sms:Templates:{name}:Type must be one of {string.Join(", ", SmsTemplateTypes.All)}, not '{template.Type}'.");
        }
        // A code needs a verification template (Tencent accepts only digits in its variables and delivers it first);
        // a confirmation of an opt-out must not itself be marketing. Marketing's type is checked at scheduling.
        if (o.Templates.Verification.Type is not SmsTemplateTypes.Verification)
            problems.Add("Sms:Templates:Verification:Type must be verification: codes go out on an approved verification-code template.");
        if (o.Templates.Correction.Type is not SmsTemplateTypes.Verification)
            problems.Add("Sms:Templates:Correction:Type must be verification: codes go out on an approved verification-code template.");
        if (o.Templates.OptOutConfirmation.Type is SmsTemplateTypes.Marketing)
            problems.Add("Sms:Templates:OptOutConfirmation:Type must be notification: the confirmation of an opt-out may not market.");
        if (o.Templates.PrizeReminder.Type is not SmsTemplateTypes.Notification)
            problems.Add("Sms:Templates:PrizeReminder:Type must be notification: a reminder to claim a prize is a service message, never marketing.");

        for (var i = 0; i < o.CallbackAllowedIps.Length; i++)
            if (!TryParseRange(o.CallbackAllowedIps[i], out _))
                problems.Add($"Sms:CallbackAllowedIps:{i} must be an IP address or a CIDR range (e.g. 203.0.113.0/24).");
        if (o.CallbacksPerIpPerMinute < 1) problems.Add("Sms:CallbacksPerIpPerMinute must be at least 1.");
        if (o.HealthWindow <= TimeSpan.Zero) problems.Add("Sms:HealthWindow must be positive.");
        if (o.CallbackReceiptRetention < TimeSpan.FromDays(2))
            problems.Add("Sms:CallbackReceiptRetention must be at least 2 days (providers repeat pushes for hours).");
        if (o.DeliveryRetention < TimeSpan.FromDays(1)) problems.Add("Sms:DeliveryRetention must be at least a day.");
        return problems;
    }

    public static bool TryParseRange(string value, out IPNetwork range)
    {
        range = default;
        if (IPNetwork.TryParse(value, out range)) return true;
        if (!IPAddress.TryParse(value, out var address)) return false;
        range = new IPNetwork(address, address.AddressFamily == System.Net.Sockets.AddressFamily.InterNetwork ? 32 : 128);
        return true;
    }

    private static void Require(List<string> problems, string? value, string key, string what)
    {
        if (string.IsNullOrWhiteSpace(value)) problems.Add($"{key} is empty: set {what}.");
    }
}

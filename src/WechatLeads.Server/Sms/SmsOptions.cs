using WechatLeads.Sms.Aliyun;
using WechatLeads.Sms.Tencent;

namespace WechatLeads.Server.Sms;

/// <summary>
/// <c>Sms:*</c> — which gateway sends our SMS, its credentials, one approved template per purpose, and the
/// secret that protects the provider's callbacks. Checked at start-up (<see cref="SmsOptionsValidator"/>).
/// </summary>
internal sealed class SmsOptions
{
    public const string Section = "Sms";

    /// <summary><c>Tencent</c>, <c>Aliyun</c>, <c>Sandbox</c> (records, shown at /sandbox) or empty (nothing is sent). Falls back to
    /// <c>Marketing:SmsProvider</c>.</summary>
    public string Provider { get; set; } = "";

    /// <summary>
    /// The secret path segment of our callback URLs (/callbacks/sms/{provider}/{token}/…). The providers sign
    /// nothing they push, so this token is what keeps strangers from posting fake receipts and opt-outs.
    /// </summary>
    public string CallbackToken { get; set; } = "";

    /// <summary>Optional: addresses or CIDR ranges the callbacks may come from (empty: any). Neither provider promises a stable list.</summary>
    public string[] CallbackAllowedIps { get; set; } = [];

    /// <summary>Callback requests per minute per address (a provider batches; a stranger guessing tokens is stopped).</summary>
    public int CallbacksPerIpPerMinute { get; set; } = 600;

    /// <summary>How long a provider failure keeps /healthz Degraded (a later successful send clears it).</summary>
    public TimeSpan HealthWindow { get; set; } = TimeSpan.FromMinutes(15);

    /// <summary>How long a processed callback item's key is kept (repeats arrive within hours).</summary>
    public TimeSpan CallbackReceiptRetention { get; set; } = TimeSpan.FromDays(7);

    /// <summary>How long a message's record in <c>SmsDeliveries</c> is kept after its last change.</summary>
    public TimeSpan DeliveryRetention { get; set; } = TimeSpan.FromDays(90);

    public TencentSmsSettings Tencent { get; set; } = new();
    public AliyunSmsSettings Aliyun { get; set; } = new();
    public SmsTemplates Templates { get; set; } = new();

    public const string TencentName = "Tencent";
    public const string AliyunName = "Aliyun";
    public const string SandboxName = "Sandbox";

    public bool IsRealProvider => Provider is TencentName or AliyunName;
}

internal sealed class TencentSmsSettings
{
    public string SecretId { get; set; } = "";
    public string SecretKey { get; set; } = "";
    /// <summary>The SMS application's SdkAppId (console → 应用管理).</summary>
    public string SdkAppId { get; set; } = "";
    /// <summary>The approved signature text (签名内容), e.g. 示例咖啡.</summary>
    public string SignName { get; set; } = "";
    public string Region { get; set; } = "ap-guangzhou";
    public string BaseUrl { get; set; } = "https://sms.tencentcloudapi.com";
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(10);

    public TencentSmsClientOptions ClientOptions() => new() { BaseUrl = BaseUrl, Region = Region, Timeout = Timeout };
}

internal sealed class AliyunSmsSettings
{
    public string AccessKeyId { get; set; } = "";
    public string AccessKeySecret { get; set; } = "";
    public string SignName { get; set; } = "";
    public string BaseUrl { get; set; } = "https://dysmsapi.aliyuncs.com";
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>
    /// True when the Aliyun account has passed enterprise verification (企业认证): Aliyun sends marketing (推广短信)
    /// only for enterprise accounts, so SMS marketing sends are refused at scheduling while this is false.
    /// </summary>
    public bool EnterpriseVerified { get; set; }

    public AliyunSmsClientOptions ClientOptions() => new() { BaseUrl = BaseUrl, Timeout = Timeout };
}

/// <summary>One approved template per purpose (<c>Sms:Templates:Verification</c>, …).</summary>
internal sealed class SmsTemplates
{
    public SmsTemplate Verification { get; set; } = new() { Type = SmsTemplateTypes.Verification };
    public SmsTemplate Correction { get; set; } = new() { Type = SmsTemplateTypes.Verification };
    public SmsTemplate Marketing { get; set; } = new() { Type = SmsTemplateTypes.Marketing };
    public SmsTemplate OptOutConfirmation { get; set; } = new() { Type = SmsTemplateTypes.Notification };
    /// <summary>Optional: without an id no prize reminder is sent (the claim deadline still applies).</summary>
    public SmsTemplate PrizeReminder { get; set; } = new() { Type = SmsTemplateTypes.Notification };

    /// <summary>The template and its configuration key for a purpose of <see cref="SmsPurposes"/>.</summary>
    public (SmsTemplate Template, string Key)? For(string purpose) => purpose switch
    {
        SmsPurposes.Verification => (Verification, "Sms:Templates:Verification"),
        SmsPurposes.Correction => (Correction, "Sms:Templates:Correction"),
        SmsPurposes.Marketing => (Marketing, "Sms:Templates:Marketing"),
        SmsPurposes.OptOutConfirmation => (OptOutConfirmation, "Sms:Templates:OptOutConfirmation"),
        SmsPurposes.PrizeReminder => (PrizeReminder, "Sms:Templates:PrizeReminder"),
        _ => null,
    };
}

/// <summary>
/// A provider template: its id (Tencent TemplateId / Aliyun TemplateCode), the type it was approved as, and
/// its variables in template order (Tencent takes values by position, Aliyun by name; empty: the message's own order).
/// </summary>
internal sealed class SmsTemplate
{
    public string Id { get; set; } = "";
    public string Type { get; set; } = "";
    public string[] Params { get; set; } = [];
}

/// <summary>The template types both consoles know (Tencent 验证码/通知/营销, Aliyun 验证码/通知/推广).</summary>
internal static class SmsTemplateTypes
{
    public const string Verification = "verification";
    public const string Notification = "notification";
    public const string Marketing = "marketing";
    public static readonly string[] All = [Verification, Notification, Marketing];
}

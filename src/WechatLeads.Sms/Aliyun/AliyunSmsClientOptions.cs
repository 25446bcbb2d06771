namespace WechatLeads.Sms.Aliyun;

/// <summary>
/// Where and how to call Aliyun Dysmsapi. Credentials, sign name and template codes are the server's
/// configuration and go with each call.
/// </summary>
public sealed record AliyunSmsClientOptions
{
    /// <summary>The endpoint; the signed host follows this URL (so a local fake works).</summary>
    public string BaseUrl { get; init; } = "https://dysmsapi.aliyuncs.com";
    /// <summary>Whole-call timeout (Aliyun recommends at least 1 s). Expiry is <see cref="SmsFailureKind.SentUnknown"/>.</summary>
    public TimeSpan Timeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>Problems, each naming its key under <paramref name="section"/>; the host fails start-up on any.</summary>
    public IReadOnlyList<string> Validate(string section) =>
        [.. SmsOptionsValidation.BaseUrl(section, BaseUrl), .. SmsOptionsValidation.Timeout(section, Timeout)];
}

/// <summary>An AccessKey pair (and STS token when temporary). ToString never prints the secret.</summary>
public sealed record AliyunCredentials(string AccessKeyId, string AccessKeySecret, string? SecurityToken = null)
{
    public override string ToString() => $"AliyunCredentials {{ AccessKeyId = {AccessKeyId} }}";
}

namespace WechatLeads.Sms.Tencent;

/// <summary>
/// Where and how to call Tencent Cloud SMS. Credentials, SdkAppId, sign name and template ids are not here:
/// they are the server's configuration and go with each call, so they can rotate without a new client.
/// </summary>
public sealed record TencentSmsClientOptions
{
    /// <summary>Nearest-region access point (recommended by Tencent); a regional host or a local fake also work — the signed host follows this URL.</summary>
    public string BaseUrl { get; init; } = "https://sms.tencentcloudapi.com";
    /// <summary>Mandatory for API 2021-01-11 (<c>X-TC-Region</c>).</summary>
    public string Region { get; init; } = "ap-guangzhou";
    /// <summary>The service in the credential scope: the product's host prefix, which a fake's host does not carry.</summary>
    public string Service { get; init; } = "sms";
    /// <summary>Whole-call timeout. Expiry is reported as <see cref="SmsFailureKind.SentUnknown"/>: the SMS may be out.</summary>
    public TimeSpan Timeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>Problems, each naming its key under <paramref name="section"/>; the host fails start-up on any.</summary>
    public IReadOnlyList<string> Validate(string section) =>
    [
        .. SmsOptionsValidation.BaseUrl(section, BaseUrl),
        .. string.IsNullOrWhiteSpace(Region) ? [$"{section}:Region is required (e.g. ap-guangzhou)."] : Array.Empty<string>(),
        .. string.IsNullOrWhiteSpace(Service) ? [$"{section}:Service is required (sms)."] : Array.Empty<string>(),
        .. SmsOptionsValidation.Timeout(section, Timeout),
    ];
}

/// <summary>A SecretId/SecretKey pair (and STS token when temporary). ToString never prints the key.</summary>
public sealed record TencentCredentials(string SecretId, string SecretKey, string? Token = null)
{
    public override string ToString() => $"TencentCredentials {{ SecretId = {SecretId} }}";
}

namespace WechatLeads.Sms;

internal static class SmsOptionsValidation
{
    // No path: both signers sign the canonical URI "/" (RPC style), so a path prefix (e.g. behind a proxy) would
    // make every signature wrong rather than fail clearly.
    public static IEnumerable<string> BaseUrl(string section, string? value)
    {
        if (!Uri.TryCreate(value, UriKind.Absolute, out var uri) || uri.Scheme is not ("https" or "http") || uri.AbsolutePath != "/" || uri.Query.Length > 0)
            yield return $"{section}:BaseUrl must be an absolute http(s) URL with no path or query (e.g. https://sms.tencentcloudapi.com).";
    }

    public static IEnumerable<string> Timeout(string section, TimeSpan value)
    {
        if (value <= TimeSpan.Zero || value > TimeSpan.FromMinutes(2))
            yield return $"{section}:Timeout must be between 0 and 2 minutes.";
    }
}

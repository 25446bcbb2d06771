using System.Text;

namespace WechatLeads.Sms.Aliyun;

/// <summary>Every intermediate value of one ACS3 signature, so tests can pin each against the published example.</summary>
public sealed record Acs3Signature(
    string CanonicalRequest,
    string HashedCanonicalRequest,
    string StringToSign,
    string SignedHeaders,
    string Signature,
    string Authorization);

/// <summary>
/// ACS3-HMAC-SHA256 (Alibaba Cloud signature V3), from the published algorithm: canonical request over the
/// sorted RFC 3986 query, the <c>host</c>/<c>content-type</c>/<c>x-acs-*</c> headers and the body hash, then one
/// HMAC with the AccessKey secret (no key chain). Pure functions shared with <see cref="Acs3SignatureVerifier"/>.
/// </summary>
public static class Acs3Signer
{
    public const string Algorithm = "ACS3-HMAC-SHA256";
    public const string EmptyBodyHash = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";

    /// <summary>
    /// The headers to send (and sign) for one call: host, x-acs-action/version/date/signature-nonce and
    /// x-acs-content-sha256 of <paramref name="body"/>; content-type only when there is a body.
    /// </summary>
    public static Dictionary<string, string> CreateHeaders(
        string host,
        string action,
        string version,
        DateTimeOffset date,
        string nonce,
        ReadOnlySpan<byte> body,
        string? contentType = null,
        string? securityToken = null)
    {
        var headers = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["host"] = host,
            ["x-acs-action"] = action,
            ["x-acs-version"] = version,
            ["x-acs-date"] = FormatDate(date),
            ["x-acs-signature-nonce"] = nonce,
            ["x-acs-content-sha256"] = SmsHashing.Sha256Hex(body),
        };
        if (contentType is not null && !body.IsEmpty) headers["content-type"] = contentType;
        if (securityToken is not null) headers["x-acs-security-token"] = securityToken;
        return headers;
    }

    /// <summary>ISO 8601 UTC to the second, as <c>x-acs-date</c> wants it.</summary>
    public static string FormatDate(DateTimeOffset date) =>
        date.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>
    /// Signs a request. <paramref name="headers"/> are all headers sent; those that qualify (host, content-type,
    /// x-acs-*) are signed. <paramref name="query"/> holds decoded names and values.
    /// </summary>
    public static Acs3Signature Sign(string accessKeyId, string accessKeySecret, string method, string canonicalUri,
        IEnumerable<KeyValuePair<string, string>> query, IEnumerable<KeyValuePair<string, string>> headers, ReadOnlySpan<byte> body)
    {
        var signed = headers
            .Select(h => (Name: h.Key.Trim().ToLowerInvariant(), Value: h.Value.Trim()))
            .Where(h => h.Name is "host" or "content-type" || h.Name.StartsWith("x-acs-", StringComparison.Ordinal))
            .OrderBy(h => h.Name, StringComparer.Ordinal)
            .ToList();
        var canonicalHeaders = new StringBuilder();
        foreach (var (name, value) in signed) canonicalHeaders.Append(name).Append(':').Append(value).Append('\n');
        var signedHeaders = string.Join(';', signed.Select(h => h.Name));
        var canonicalRequest = string.Join(
            '\n',
            method.ToUpperInvariant(),
            canonicalUri,
            CanonicalQuery(query),
            canonicalHeaders,
            signedHeaders,
            SmsHashing.Sha256Hex(body));
        var hashed = SmsHashing.Sha256Hex(canonicalRequest);
        var stringToSign = $"{Algorithm}\n{hashed}";
        var signature = Convert.ToHexStringLower(SmsHashing.Hmac(Encoding.UTF8.GetBytes(accessKeySecret), stringToSign));
        return new Acs3Signature(canonicalRequest, hashed, stringToSign, signedHeaders, signature,
            $"{Algorithm} Credential={accessKeyId},SignedHeaders={signedHeaders},Signature={signature}");
    }

    /// <summary>Names sorted (ordinal, after encoding), <c>name=value</c> each RFC 3986-encoded (space %20, * %2A, ~ kept), joined by &amp;.</summary>
    public static string CanonicalQuery(IEnumerable<KeyValuePair<string, string>> query) =>
        string.Join('&', query
            .Select(p => (Name: Encode(p.Key), Value: Encode(p.Value ?? "")))
            .OrderBy(p => p.Name, StringComparer.Ordinal).ThenBy(p => p.Value, StringComparer.Ordinal)
            .Select(p => p.Name + "=" + p.Value));

    /// <summary>RFC 3986 percent-encoding of UTF-8: only A–Z a–z 0–9 - _ . ~ stay, hex upper-case.</summary>
    public static string Encode(string value) => Uri.EscapeDataString(value);
}

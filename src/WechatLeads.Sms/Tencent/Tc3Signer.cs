using System.Globalization;
using System.Text;

namespace WechatLeads.Sms.Tencent;

/// <summary>Every intermediate value of one TC3 signature, so tests can pin each against the published example.</summary>
public sealed record Tc3Signature(
    string CanonicalRequest,
    string HashedCanonicalRequest,
    string CredentialScope,
    string StringToSign,
    string SignedHeaders,
    string Signature,
    string Authorization)
{
    public byte[] SecretDate { get; init; } = [];
    public byte[] SecretService { get; init; } = [];
    public byte[] SecretSigning { get; init; } = [];

    // The derived keys are as good as the secret for a day: never print them.
    public override string ToString() => $"Tc3Signature {{ SignedHeaders = {SignedHeaders}, Signature = {Signature} }}";
}

/// <summary>
/// TC3-HMAC-SHA256 (Tencent Cloud API 3.0 signature v3), from the published algorithm:
/// canonical request → string to sign → HMAC key chain (date, service, "tc3_request") → hex signature.
/// Pure functions: the client and <see cref="TencentSignatureVerifier"/> share them.
/// </summary>
public static class Tc3Signer
{
    public const string Algorithm = "TC3-HMAC-SHA256";

    /// <summary>
    /// Signs one request. <paramref name="signedHeaders"/> are the headers to sign, with the exact values sent
    /// (must include content-type and host). <paramref name="payload"/> is the exact body bytes.
    /// </summary>
    public static Tc3Signature Sign(
        string secretId, string secretKey, string service, string method, string canonicalUri, string canonicalQuery,
        IEnumerable<KeyValuePair<string, string>> signedHeaders, long timestamp, ReadOnlySpan<byte> payload)
    {
        var (canonicalHeaders, names) = CanonicalHeaders(signedHeaders);
        var canonicalRequest = string.Join(
            '\n',
            method.ToUpperInvariant(),
            canonicalUri,
            canonicalQuery,
            canonicalHeaders,
            names,
            SmsHashing.Sha256Hex(payload));
        var hashed = SmsHashing.Sha256Hex(canonicalRequest);
        var date = Date(timestamp);
        var scope = $"{date}/{service}/tc3_request";
        var stringToSign = $"{Algorithm}\n{timestamp.ToString(CultureInfo.InvariantCulture)}\n{scope}\n{hashed}";
        var secretDate = SmsHashing.Hmac(Encoding.UTF8.GetBytes("TC3" + secretKey), date);
        var secretService = SmsHashing.Hmac(secretDate, service);
        var secretSigning = SmsHashing.Hmac(secretService, "tc3_request");
        var signature = Convert.ToHexStringLower(SmsHashing.Hmac(secretSigning, stringToSign));
        var authorization = $"{Algorithm} Credential={secretId}/{scope}, SignedHeaders={names}, Signature={signature}";
        return new Tc3Signature(canonicalRequest, hashed, scope, stringToSign, names, signature, authorization)
        {
            SecretDate = secretDate,
            SecretService = secretService,
            SecretSigning = secretSigning,
        };
    }

    /// <summary>
    /// The credential-scope date: the UTC date of the timestamp. (Tencent's docs warn that a UTC+8 date breaks
    /// every call in the first eight hours of the day.)
    /// </summary>
    public static string Date(long timestamp) =>
        DateTimeOffset.FromUnixTimeSeconds(timestamp).UtcDateTime.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    /// <summary>
    /// <c>lower(name):lower(trim(value))\n</c> per header, sorted by name (ordinal), and the <c>;</c>-joined names.
    /// The block ends in <c>\n</c>, so the joined canonical request has an empty line after it, as published.
    /// </summary>
    public static (string CanonicalHeaders, string SignedHeaders) CanonicalHeaders(IEnumerable<KeyValuePair<string, string>> headers)
    {
        var sorted = headers
            .Select(h => (Name: h.Key.Trim().ToLowerInvariant(), Value: h.Value.Trim().ToLowerInvariant()))
            .OrderBy(h => h.Name, StringComparer.Ordinal)
            .ToList();
        var block = new StringBuilder();
        foreach (var (name, value) in sorted) block.Append(name).Append(':').Append(value).Append('\n');
        return (block.ToString(), string.Join(';', sorted.Select(h => h.Name)));
    }
}

using System.Globalization;

namespace WechatLeads.Sms.Aliyun;

/// <summary>
/// Re-computes an ACS3 signature from an incoming request the way Alibaba Cloud does (for a fake provider in
/// tests). Checks: Authorization shape; x-acs-content-sha256 is the body's hash; host and every x-acs-* header
/// sent (and content-type when present) are signed; x-acs-date within <see cref="MaxSkew"/>; the nonce was not
/// seen before; the signature over the decoded, re-canonicalised query matches (constant-time).
/// </summary>
public sealed class Acs3SignatureVerifier(Func<string, string?> secretForKeyId, TimeProvider time)
{
    private readonly HashSet<string> _nonces = new(StringComparer.Ordinal);
    private readonly Lock _gate = new();

    public TimeSpan MaxSkew { get; init; } = TimeSpan.FromMinutes(15);

    public SignatureVerification Verify(IncomingSignedRequest request)
    {
        var headers = new Dictionary<string, string>(request.Headers, StringComparer.OrdinalIgnoreCase) { ["host"] = request.Host };
        if (!headers.TryGetValue("Authorization", out var authorization) || !authorization.StartsWith(Acs3Signer.Algorithm + " ", StringComparison.Ordinal))
            return SignatureVerification.Invalid("IncompleteSignature", "no ACS3-HMAC-SHA256 Authorization header");
        var parts = authorization[(Acs3Signer.Algorithm.Length + 1)..].Split(',')
            .Select(p => p.Split('=', 2)).Where(p => p.Length == 2).ToDictionary(p => p[0], p => p[1], StringComparer.Ordinal);
        if (!parts.TryGetValue("Credential", out var keyId)
            || !parts.TryGetValue("SignedHeaders", out var signedHeaders)
            || !parts.TryGetValue("Signature", out var signature))
            return SignatureVerification.Invalid("IncompleteSignature", "Authorization lacks Credential, SignedHeaders or Signature");
        var secret = secretForKeyId(keyId);
        if (secret is null) return SignatureVerification.Invalid("InvalidAccessKeyId.NotFound", "unknown AccessKeyId");

        if (!headers.TryGetValue("x-acs-content-sha256", out var contentHash) || contentHash != SmsHashing.Sha256Hex(request.Body))
            return SignatureVerification.Invalid("SignatureDoesNotMatch", "x-acs-content-sha256 is not the body's hash");
        if (!headers.TryGetValue("x-acs-date", out var dateText) ||
            !DateTimeOffset.TryParseExact(dateText, "yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var date))
            return SignatureVerification.Invalid("MissingParameter", "x-acs-date");
        if ((time.GetUtcNow() - date).Duration() > MaxSkew)
            return SignatureVerification.Invalid("InvalidTimeStamp.Expired", "x-acs-date outside the allowed skew");

        var mustSign = headers.Keys.Select(k => k.ToLowerInvariant())
            .Where(k => k is "host" or "content-type" || k.StartsWith("x-acs-", StringComparison.Ordinal))
            .OrderBy(k => k, StringComparer.Ordinal);
        if (!mustSign.SequenceEqual(signedHeaders.Split(';')))
            return SignatureVerification.Invalid("IncompleteSignature", "SignedHeaders is not exactly host, content-type and the x-acs-* headers sent");
        if (!headers.TryGetValue("x-acs-signature-nonce", out var nonce) || string.IsNullOrEmpty(nonce))
            return SignatureVerification.Invalid("MissingParameter", "x-acs-signature-nonce");

        var expected = Acs3Signer.Sign(keyId, secret, request.Method, request.Path, ParseQuery(request.Query),
            headers.Where(h => !h.Key.Equals("Authorization", StringComparison.OrdinalIgnoreCase)), request.Body);
        if (!SmsHashing.FixedTimeEquals(expected.Signature, signature))
            return SignatureVerification.Invalid("SignatureDoesNotMatch", "signature mismatch");
        lock (_gate)
        {
            // Checked last, so a request with a wrong signature does not burn its nonce.
            if (!_nonces.Add(nonce)) return SignatureVerification.Invalid("SignatureNonceUsed", "nonce seen before");
        }
        return SignatureVerification.Valid;
    }

    /// <summary>The query as decoded pairs (the provider canonicalises what it decoded, not the bytes it received).</summary>
    public static IEnumerable<KeyValuePair<string, string>> ParseQuery(string query) =>
        query.TrimStart('?').Split('&', StringSplitOptions.RemoveEmptyEntries).Select(p =>
        {
            var kv = p.Split('=', 2);
            return new KeyValuePair<string, string>(Uri.UnescapeDataString(kv[0]), kv.Length == 2 ? Uri.UnescapeDataString(kv[1]) : "");
        });
}

using System.Globalization;

namespace WechatLeads.Sms.Tencent;

/// <summary>
/// Re-computes a TC3 signature from an incoming request the way Tencent does (for a fake provider in tests, so a
/// wrong secret, an unsigned host or a body changed after signing is refused as the real service would refuse it).
/// Checks: Authorization shape; SignedHeaders contains content-type and host; the credential date is the UTC
/// date of X-TC-Timestamp; the timestamp is within <see cref="MaxSkew"/>; the signature over the actual header
/// values and body bytes matches (constant-time).
/// </summary>
public sealed class TencentSignatureVerifier(Func<string, string?> secretKeyForId, TimeProvider time)
{
    public TimeSpan MaxSkew { get; init; } = TimeSpan.FromMinutes(5);

    public SignatureVerification Verify(IncomingSignedRequest request)
    {
        var headers = new Dictionary<string, string>(request.Headers, StringComparer.OrdinalIgnoreCase);
        if (!headers.TryGetValue("Authorization", out var authorization) || !authorization.StartsWith(Tc3Signer.Algorithm + " ", StringComparison.Ordinal))
            return SignatureVerification.Invalid("AuthFailure.InvalidAuthorization", "no TC3-HMAC-SHA256 Authorization header");
        var parts = authorization[(Tc3Signer.Algorithm.Length + 1)..].Split(", ")
            .Select(p => p.Split('=', 2)).Where(p => p.Length == 2).ToDictionary(p => p[0], p => p[1], StringComparer.Ordinal);
        if (!parts.TryGetValue("Credential", out var credential)
            || !parts.TryGetValue("SignedHeaders", out var signedHeaders)
            || !parts.TryGetValue("Signature", out var signature))
            return SignatureVerification.Invalid("AuthFailure.InvalidAuthorization", "Authorization lacks Credential, SignedHeaders or Signature");
        var scope = credential.Split('/');
        if (scope.Length != 4 || scope[3] != "tc3_request")
            return SignatureVerification.Invalid("AuthFailure.InvalidAuthorization", "malformed credential scope");
        var secretKey = secretKeyForId(scope[0]);
        if (secretKey is null) return SignatureVerification.Invalid("AuthFailure.SecretIdNotFound", "unknown SecretId");

        if (!headers.TryGetValue("X-TC-Timestamp", out var tsText)
            || !long.TryParse(tsText, NumberStyles.None, CultureInfo.InvariantCulture, out var timestamp))
            return SignatureVerification.Invalid("MissingParameter", "X-TC-Timestamp");
        if ((time.GetUtcNow() - DateTimeOffset.FromUnixTimeSeconds(timestamp)).Duration() > MaxSkew)
            return SignatureVerification.Invalid("AuthFailure.SignatureExpire", "timestamp outside the allowed skew");
        if (scope[1] != Tc3Signer.Date(timestamp))
            return SignatureVerification.Invalid("AuthFailure.SignatureFailure", "credential date is not the UTC date of the timestamp");

        var names = signedHeaders.Split(';');
        if (!names.Contains("content-type") || !names.Contains("host"))
            return SignatureVerification.Invalid("AuthFailure.SignatureFailure", "content-type and host must be signed");
        var values = new List<KeyValuePair<string, string>>();
        foreach (var name in names)
        {
            var value = name == "host" ? request.Host : headers.GetValueOrDefault(name);
            if (value is null) return SignatureVerification.Invalid("AuthFailure.SignatureFailure", $"signed header {name} is absent");
            values.Add(new(name, value));
        }

        var expected = Tc3Signer.Sign(scope[0], secretKey, scope[2], request.Method, request.Path, request.Query, values, timestamp, request.Body);
        return expected.SignedHeaders == signedHeaders && SmsHashing.FixedTimeEquals(expected.Signature, signature)
            ? SignatureVerification.Valid
            : SignatureVerification.Invalid("AuthFailure.SignatureFailure", "signature mismatch");
    }
}

namespace WechatLeads.Sms;

/// <summary>An incoming request as a fake provider endpoint sees it (host from the URL or Host header, raw header values, body bytes). Header names are
/// compared without case.</summary>
public sealed record IncomingSignedRequest(string Method, string Host, string Path, string Query, IReadOnlyDictionary<string, string> Headers, byte[] Body);

/// <summary>The outcome of a verification: valid, or the error code the real provider would answer.</summary>
public sealed record SignatureVerification(bool IsValid, string? ErrorCode, string? Reason)
{
    public static SignatureVerification Valid { get; } = new(true, null, null);
    public static SignatureVerification Invalid(string code, string reason) => new(false, code, reason);
}

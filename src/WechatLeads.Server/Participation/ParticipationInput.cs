namespace WechatLeads.Server.Participation;

/// <summary>The body of <c>POST /api/campaigns/{slug}/participations</c>.</summary>
internal sealed record ParticipationInput
{
    /// <summary>Each purpose consented to, with the policy version read. <c>service</c> is required; <c>marketing</c> is optional.</summary>
    public List<ConsentInput> Consents { get; init; } = [];
    /// <summary>Where the person came from: ad, article, social, menu… (attribution only).</summary>
    public string? Source { get; init; }
    /// <summary>The store of a store QR code, when the person came from one.</summary>
    public string? Store { get; init; }
    /// <summary>A phone number typed by the person: it counts only with <see cref="SmsCode"/>, the code sent to it (<c>POST /api/phone-codes</c>).</summary>
    public string? Phone { get; init; }
    /// <summary>The 6-digit SMS code the typed <see cref="Phone"/> received.</summary>
    public string? SmsCode { get; init; }
    /// <summary>The mini-program getPhoneNumber button's code.</summary>
    public string? PhoneCode { get; init; }
    /// <summary>
    /// Which component produced <see cref="PhoneCode"/>: <c>quick</c> (手机号快速验证) or <c>realtime</c> (手机号实时验证),
    /// both billed per success by WeChat; left out, the exchange is counted as <c>unknown</c>.
    /// </summary>
    public string? PhoneComponent { get; init; }
    /// <summary>The button's <c>e.detail.errno</c> when it gave no code; 1400001 (quota used up) is answered with the SMS fallback.</summary>
    public int? PhoneErrno { get; init; }
    /// <summary>Legacy mini-program phone data, decrypted with the session key kept on the server.</summary>
    public string? EncryptedData { get; init; }
    public string? Iv { get; init; }
    /// <summary>A device identifier the mini-program reports (at most 64 characters), for draws limited per device; kept only hashed.</summary>
    public string? DeviceId { get; init; }
}

internal sealed record ConsentInput(string Purpose, string PolicyVersion);

/// <summary>The answer: what the person got.</summary>
internal sealed record ParticipationResponse(
    string ParticipationId,
    string Outcome,
    string? CouponCode,
    string? Prize,
    DateTime? CouponExpiresAt,
    bool Replayed);

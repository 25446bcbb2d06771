namespace WechatLeads.Server.Participation;

/// <summary>Everything the write needs, decided before it runs (validation, RNG, encryption happen outside the writer).</summary>
internal sealed record ParticipationCommand(
    CampaignSnapshot Campaign,
    string SubjectKey,
    string? OpenId,
    string Channel,
    string PhoneIndex,
    string PhoneCipher,
    string PhoneProof,
    string? PhoneVerificationId,
    bool Marketing,
    string PolicyVersion,
    string PolicyHash,
    string? Source,
    string? Store,
    string IdempotencyKey,
    string? Ip,
    string? UserAgent,
    long? CandidatePrizeId,
    int? RiskRank = null,
    string? RiskAction = null,
    PrizeDraw.Roll? Roll = null,
    IReadOnlyList<Risk.ExtraLimit>? ExtraLimits = null);

/// <summary>The campaign as it was when the request arrived; the write re-checks nothing but inventory and limits.</summary>
internal sealed record CampaignSnapshot(
    long Id, string Slug, string Type, long? CouponPoolId, Coupons.CouponTerms CouponTerms, int DrawsPerDay, int DrawsTotal, int RetentionDays,
    IReadOnlyList<PrizeSnapshot> Prizes, int? RulesVersion = null);

/// <param name="ClaimDays">Physical prizes: days the winner has to claim it, the prize's own or <c>Fulfilment:ClaimDays</c>.</param>
internal sealed record PrizeSnapshot(
    long Id, string Name, int Weight, long? CouponPoolId, string Kind, Coupons.CouponTerms CouponTerms, int ClaimDays = Fulfilment.FulfilmentOptions.DefaultClaimDays,
    Pacing.PaceSchedule? Pace = null);

internal enum ParticipationStatus
{
    Issued,
    Replayed,
    LimitReached,
    SoldOut,
    /// <summary>The SMS code was spent by another participation between its check and this write.</summary>
    CodeSpent,
}

/// <param name="LimitReason">When a draw limit beyond one per person refused it: which (Risk.LimitReasons).</param>
internal sealed record ParticipationResult(
    ParticipationStatus Status, string? ParticipationId, string? Outcome, string? PrizeName, string? CouponCode, DateTime? CouponExpiresAt,
    string? LimitReason = null);

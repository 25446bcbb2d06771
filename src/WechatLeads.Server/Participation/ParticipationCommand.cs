using WechatLeads.Server.Campaigns;
using WechatLeads.Server.DrawRules;
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
    IReadOnlyList<ExtraLimit>? ExtraLimits = null);

internal enum ParticipationStatus
{
    Issued,
    Replayed,
    LimitReached,
    SoldOut,
    /// <summary>The SMS code was spent by another participation between its check and this write.</summary>
    CodeSpent,
}

/// <param name="LimitReason">When a draw limit beyond one per person refused it: which (LimitReasons).</param>
/// <param name="PersonalLimit">When the person's own limit refused it: <see cref="PersonalLimits.Daily"/> or <see cref="PersonalLimits.Total"/>.</param>
internal sealed record ParticipationResult(
    ParticipationStatus Status, string? ParticipationId, string? Outcome, string? PrizeName, string? CouponCode, DateTime? CouponExpiresAt,
    string? LimitReason = null, string? PersonalLimit = null);

/// <summary>Which of a person's own limits was reached: today's draws, or the campaign's total.</summary>
internal static class PersonalLimits
{
    public const string Daily = "daily";
    public const string Total = "total";
}

namespace WechatLeads.Server.Consent;

/// <summary>Which of a grant and a withdrawal for one campaign is the person's newer word.</summary>
internal static class ConsentOrder
{
    /// <summary>
    /// True when the newest per-campaign withdrawal came at or after the newest grant. By when they happened,
    /// not by row order: an opt-out's per-campaign withdrawals are written later by its follow-up job, dated
    /// at the opt-out — and a new explicit consent given in between is newer than them though stored first.
    /// Same moment: the row written later counts.
    /// </summary>
    public static bool WithdrawalCoversGrant(DateTime? withdrawnAt, long? withdrawalId, DateTime? grantedAt, long? grantId) =>
        withdrawnAt is { } w && (grantedAt is not { } g || w > g || (w == g && withdrawalId > grantId));
}

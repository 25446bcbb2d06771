namespace WechatLeads.Server.Coupons;

/// <summary>What <see cref="CampaignCouponsPage"/> shows: the campaign, a coupon lookup and its results, the newest redemptions.</summary>
/// <param name="Query">The code or coupon id looked up; empty when none was.</param>
public sealed record CampaignCouponsView(string Slug, string Title, string Query, IReadOnlyList<FoundCouponRow> Found, IReadOnlyList<RedemptionRow> Recent);

/// <param name="Phone">Masked, or "（已删除）" once the lead was erased.</param>
/// <param name="Outcome">Where a used, voided or expired coupon went, in words; null for an issued one (it gets the void form).</param>
public sealed record FoundCouponRow(string Id, string Code, string State, string Prize, string Phone, DateTime IssuedAt, DateTime ValidUntil, string? Outcome);

/// <param name="AtTill">Redeemed by the till's POS integration rather than by a store account.</param>
public sealed record RedemptionRow(
    DateTime CreatedAt,
    string Store,
    string Code,
    string Prize,
    string Phone,
    string? OrderId,
    decimal? Amount,
    string RedeemedBy,
    bool AtTill,
    DateTime? ReversedAt);

namespace WechatLeads.Server.Campaigns;

/// <summary>The campaign as it was when the request arrived; the write re-checks nothing but inventory and limits.</summary>
internal sealed record CampaignSnapshot(
    long Id, string Slug, string Type, long? CouponPoolId, CouponTerms CouponTerms, int DrawsPerDay, int DrawsTotal, int RetentionDays,
    IReadOnlyList<PrizeSnapshot> Prizes, int? RulesVersion = null);

/// <param name="ClaimDays">Physical prizes: days the winner has to claim it, the prize's own or <c>Fulfilment:ClaimDays</c>.</param>
internal sealed record PrizeSnapshot(
    long Id, string Name, int Weight, long? CouponPoolId, string Kind, CouponTerms CouponTerms, int ClaimDays = Fulfilment.FulfilmentOptions.DefaultClaimDays,
    Pacing.PaceSchedule? Pace = null);

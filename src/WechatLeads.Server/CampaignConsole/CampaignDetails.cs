using WechatLeads.Server.Campaigns;
using WechatLeads.Server.Pacing;

namespace WechatLeads.Server.CampaignConsole;

// What GET /admin/api/campaigns/{slug} answers and the manage page shows (public: the page's components take them).

public sealed record PoolView(int Total, int Free);

/// <summary>A prize with its kind, and — coupon prizes — validity, stores (empty = all) and daily hours; physical ones their claim days.</summary>
public sealed record PrizeView(
    long Id, string Name, int Weight, int Inventory, int Remaining, PoolView? Codes, string Kind, int ValidDays, DateTime? ValidFrom,
    DateTime? ValidUntil, IReadOnlyList<string> Stores, string RedeemHours, int? ClaimDays, PrizePace? Pace, decimal? ValueYuan)
{
    internal static PrizeView Of(Prize p, PoolView? codes) => new(p.Id, p.Name, p.Weight, p.Inventory, p.Remaining, codes, p.Kind, p.ValidDays,
        p.ValidFrom, p.ValidUntil, Campaign.SplitList(p.Stores), p.RedeemHours, p.ClaimDays, p.Pace(), p.ValueYuan);
}

public sealed record CampaignDetails(
    string Slug, string Type, string Title, string Description, string Status, DateTime StartsAt, DateTime EndsAt,
    IReadOnlyList<string> Channels, string PolicyVersion, IReadOnlyList<string> Purposes, int RetentionDays,
    int CouponValidDays, PoolView? Codes, int NoWinWeight, int DrawsPerDay, int DrawsTotal, IReadOnlyList<PrizeView> Prizes,
    IReadOnlyList<string> Sources, int? PhoneNumberDailyBudget,
    DateTime? CouponValidFrom, DateTime? CouponValidUntil, IReadOnlyList<string> CouponStores, string CouponRedeemHours, ShareDefinition? Share);


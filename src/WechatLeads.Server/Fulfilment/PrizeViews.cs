using WechatLeads.Server.CampaignConsole;
using WechatLeads.Server.H5;
using WechatLeads.Server.Platform;
using WechatLeads.Server.Platform.Web;

namespace WechatLeads.Server.Fulfilment;

/// <summary>
/// One prize in 我的奖品, in words. Exactly one of the particulars is set, by state: the deadline to claim by, the
/// store and pickup code, "shipping soon", or the parcel; <see cref="ClaimLinkText"/> when the address may be given or changed.
/// </summary>
public sealed record PrizeItemView(
    string Id, string Prize, string Campaign, string WonAt, string StateText, string? ClaimBy, string? PickupStore, string? PickupAddress,
    string? PickupCode, bool ShipSoon, string? Tracking, string? ClaimLinkText)
{
    internal static PrizeItemView From(MyPrizes.PrizeView p, DateTime now)
    {
        var pickup = p.State == FulfilmentStates.Ready && p.Method == FulfilmentMethods.Pickup;
        return new PrizeItemView(p.Id, p.Prize, p.Campaign, ChinaTime.Format(p.WonAt), p.StateText,
            p.State == FulfilmentStates.AwaitingAddress ? ChinaTime.Format(p.ClaimBy) : null,
            pickup ? p.PickupStoreName ?? p.PickupStore : null, pickup ? p.PickupStoreAddress : null, pickup ? PrizePages.ShortCode(p.Id) : null,
            p.State == FulfilmentStates.Ready && !pickup,
            p.State is FulfilmentStates.Shipped or FulfilmentStates.Delivered && p.Carrier is not null ? $"{p.Carrier} 运单号 {p.TrackingNumber}" : null,
            p.CanClaim(now) ? p.State == FulfilmentStates.AwaitingAddress ? "填写收货地址" : "修改收货信息" : null);
    }
}

/// <summary>
/// The claim form: what the address is for and when it is deleted, then delivery or pickup, and the box (never
/// pre-ticked) agreeing to that one purpose.
/// </summary>
public sealed record ClaimFormView(
    string Id, string Prize, string? Error, int AddressRetentionDays, string? NoticeVersion, string? NoticeTitle, string ClaimBy, FormToken Token,
    bool Pickup, string? Name, string? Phone, string? Address, string? Store, IReadOnlyList<ClaimStoreOption> Stores)
{
    public int MaxName => DeliveryAddress.MaxName;
    public int MaxAddress => DeliveryAddress.MaxAddress;
}

/// <summary>A store offered for pickup: its code, and its name with the address when there is one.</summary>
public sealed record ClaimStoreOption(string Code, string Text);

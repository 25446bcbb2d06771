using WechatLeads.Server.Platform;

namespace WechatLeads.Server.Coupons;

/// <summary>
/// The page a follower shows at the till. <see cref="QrSvg"/> and <see cref="BarcodeSvg"/> are markup from our own
/// builder (<see cref="CouponImages"/>: digits of the token and path data, nothing of anyone's text), set only when usable.
/// </summary>
public sealed record CouponPageView(
    string Title, string Campaign, string Code, string? Token, string? QrSvg, string? BarcodeSvg, string StateText, string Validity,
    IReadOnlyList<CouponStoreView> Stores, bool AllStores)
{
    internal static CouponPageView From(WalletCoupon c)
    {
        var state = c.StateText + (c.RedeemedAt is { } at ? $"：{ChinaTime.Format(at)} 于{c.RedeemedStoreName}" : "");
        var validity = c.Validity + (c.RedeemHours is null ? "" : $"；每天 {c.RedeemHours} 可用");
        return new CouponPageView(c.Prize ?? c.Campaign, c.Campaign, c.Code, c.Token,
            c.Usable ? CouponImages.QrSvg(c.Token!, "coupon-qr") : null, c.Usable ? CouponImages.Code128Svg(c.Token!, "coupon-barcode") : null,
            state, validity, [.. c.Stores.Select(s => new CouponStoreView(s.Name, s.Address))], c.AllStores);
    }
}

public sealed record CouponStoreView(string Name, string Address);

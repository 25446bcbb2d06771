namespace WechatLeads.Server.Coupons;

/// <summary>One coupon in 我的券, in words: its name, where it stands now and until when (already formatted, Beijing time).</summary>
public sealed record CouponCardView(string Id, string State, string Title, string Campaign, string StateText, string Validity, bool Usable)
{
    internal static CouponCardView From(WalletCoupon c) => new(c.Id, c.State, c.Prize ?? c.Campaign, c.Campaign, c.StateText, c.Validity, c.Usable);
}

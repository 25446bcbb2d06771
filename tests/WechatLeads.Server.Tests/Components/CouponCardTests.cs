using Bunit;
using WechatLeads.Server.Coupons;

namespace WechatLeads.Server.Tests.Components;

/// <summary>One coupon in 我的券, rendered on its own: what it shows, and that text from staff stays text.</summary>
public sealed class CouponCardTests : IDisposable
{
    private readonly BunitContext _context = new();

    public void Dispose() => _context.Dispose();

    [Fact]
    public void A_usable_coupon_shows_its_title_campaign_state_validity_and_the_way_to_use_it()
    {
        var view = new CouponCardView("c-1", "issued", "满100减20", "双十一领券", "可使用", "至 2027-01-31 23:59（北京时间）", Usable: true);

        var card = _context.Render<CouponCard>(p => p.Add(c => c.View, view));

        Assert.Equal("满100减20", card.Find("h2").TextContent);
        Assert.Equal("双十一领券", card.Find("p.muted").TextContent);
        Assert.Contains("可使用 · 至 2027-01-31 23:59（北京时间）", card.Find("p strong").ParentElement!.TextContent);
        Assert.Equal("issued", card.Find("div.coupon").GetAttribute("data-state"));
        var use = card.Find("a.button");
        Assert.Equal(("立即使用", "/h5/me/coupons/c-1"), (use.TextContent, use.GetAttribute("href")));
    }

    [Fact]
    public void A_used_coupon_is_only_looked_at()
    {
        var view = new CouponCardView("c-2", "redeemed", "满100减20", "双十一领券", "已使用", "2027-01-02 核销", Usable: false);

        var card = _context.Render<CouponCard>(p => p.Add(c => c.View, view));

        Assert.Equal("查看", card.Find("a.button").TextContent);
    }

    [Fact]
    public void Hostile_titles_and_ids_are_shown_as_text_and_escaped_in_the_link()
    {
        var view = new CouponCardView("x/../../admin?y=1", "issued", "<img src=x onerror=alert(1)>", "<script>alert(2)</script>", "可使用", "", true);

        var card = _context.Render<CouponCard>(p => p.Add(c => c.View, view));

        Assert.Empty(card.FindAll("img"));
        Assert.Empty(card.FindAll("script"));
        Assert.Equal("<img src=x onerror=alert(1)>", card.Find("h2").TextContent);
        Assert.Equal("/h5/me/coupons/x%2F..%2F..%2Fadmin%3Fy%3D1", card.Find("a.button").GetAttribute("href"));
    }
}

using Bunit;
using WechatLeads.Server.H5;

namespace WechatLeads.Server.Tests.Components;

/// <summary>The consent boxes, rendered on their own: separate, never ticked by us, linked to the notice.</summary>
public sealed class ConsentBoxTests : IDisposable
{
    private readonly BunitContext _context = new();

    public void Dispose() => _context.Dispose();

    [Fact]
    public void A_fresh_form_ticks_nothing_and_asks_service_and_marketing_in_separate_boxes()
    {
        var box = _context.Render<ConsentBox>(p => p.Add(b => b.PolicyVersion, "2027-01").Add(b => b.AsksForMarketing, true));

        var service = box.Find("input#consentService");
        var marketing = box.Find("input#consentMarketing");
        Assert.False(service.HasAttribute("checked"));
        Assert.False(marketing.HasAttribute("checked"));
        Assert.Equal(("consentService", "checkbox"), (service.GetAttribute("name"), service.GetAttribute("type")));
        Assert.Equal(("consentMarketing", "checkbox"), (marketing.GetAttribute("name"), marketing.GetAttribute("type")));
        Assert.Equal(2, box.FindAll("label.check").Count); // two labels, two decisions
    }

    [Fact]
    public void Without_a_marketing_purpose_there_is_no_marketing_box()
    {
        var box = _context.Render<ConsentBox>(p => p.Add(b => b.PolicyVersion, "2027-01"));

        Assert.Empty(box.FindAll("input#consentMarketing"));
        Assert.Single(box.FindAll("input#consentService"));
    }

    [Fact]
    public void A_form_shown_again_keeps_exactly_what_the_person_ticked()
    {
        var box = _context.Render<ConsentBox>(p => p.Add(b => b.PolicyVersion, "2027-01").Add(b => b.AsksForMarketing, true)
            .Add(b => b.ServiceTicked, true).Add(b => b.MarketingTicked, false));

        Assert.True(box.Find("input#consentService").HasAttribute("checked"));
        Assert.False(box.Find("input#consentMarketing").HasAttribute("checked"));
    }

    [Fact]
    public void The_service_box_links_the_notice_version_it_is_given_under_escaped()
    {
        var box = _context.Render<ConsentBox>(p => p.Add(b => b.PolicyVersion, "v1\"><script>"));

        var link = box.Find("a");
        Assert.Equal("/privacy/v1%22%3E%3Cscript%3E", link.GetAttribute("href"));
        Assert.Empty(box.FindAll("script"));
    }
}

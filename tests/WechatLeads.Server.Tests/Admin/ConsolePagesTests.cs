using System.Net;
using WechatLeads.Server.Tests.Infrastructure;

namespace WechatLeads.Server.Tests.Admin;

/// <summary>
/// Every console page renders from Razor components under the strict policy: styles only from this server's
/// files (no inline style attribute or block), scripts only from files.
/// </summary>
public sealed class ConsolePagesTests() : HostedTests(shareHost: true)
{
    public static TheoryData<string> Pages() =>
    [
        "/admin",
        "/admin/campaigns",
        "/admin/campaigns/new",
        "/admin/campaigns/spring-coupon",
        "/admin/campaigns/spring-coupon/manage",
        "/admin/campaigns/spring-coupon/coupons",
        "/admin/campaigns/lucky-draw/manage",
        "/admin/campaigns/no-such-campaign/manage",
        "/admin/leads",
        "/admin/fulfilments",
        "/admin/marketing",
        "/admin/stores",
        "/admin/risk-lists",
        "/admin/replies",
        "/admin/privacy",
        "/admin/menu",
        "/admin/compliance",
        "/admin/audit",
    ];

    [Theory]
    [MemberData(nameof(Pages))]
    public async Task A_console_page_has_no_inline_style_or_script(string path)
    {
        var response = await App.CreateAdminClient(WechatLeadsFactory.ComplianceKey).GetAsync(path);

        Assert.True(response.StatusCode is HttpStatusCode.OK or HttpStatusCode.NotFound, $"{path}: {(int)response.StatusCode}");
        var policy = Assert.Single(response.Headers.GetValues("Content-Security-Policy"));
        Assert.Contains("style-src 'self';", policy);
        Assert.DoesNotContain("unsafe-inline", policy);
        var html = await response.Content.ReadAsStringAsync();
        Assert.DoesNotContain("<style", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain(" style=", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("<script>", html, StringComparison.OrdinalIgnoreCase);
    }
}

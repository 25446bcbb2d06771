using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using WechatLeads.Server.Analytics;
using WechatLeads.Server.Admin;
using WechatLeads.Server.Tests.Infrastructure;

namespace WechatLeads.Browser.Tests;

/// <summary>A marketing person signs in to the console in Chromium and sees a campaign's funnel drawn.</summary>
public sealed class AdminConsoleTests : IAsyncLifetime
{
    private readonly WechatLeadsFactory _app = new(kestrel: true, settings: new Dictionary<string, string?>
    {
        ["Admin:Users:0:Name"] = "li.marketing",
        ["Admin:Users:0:PasswordHash"] = StaffPasswords.Hash("marketing-password-789"),
        ["Admin:Users:0:Role"] = "Operator",
    });
    private IPlaywright _playwright = null!;
    private IBrowser _browser = null!;

    public async Task InitializeAsync()
    {
        _app.StartServer();
        (_playwright, _browser) = await Chromium.LaunchAsync();
    }

    public async Task DisposeAsync()
    {
        await _browser.CloseAsync();
        _playwright.Dispose();
        await _app.DisposeAsync();
    }

    [Fact]
    public async Task Signing_in_and_opening_a_campaign_shows_its_funnel_chart()
    {
        var page = await _browser.NewPageAsync(new BrowserNewPageOptions { ViewportSize = new ViewportSize { Width = 1000, Height = 900 }, Locale = "zh-CN" });
        // A follower claims a coupon first, so the funnel has something in every step.
        await page.GotoAsync($"{_app.BaseUrl}/h5/c/spring-coupon?src=poster");
        await page.FillAsync("#phone", "138 0013 8000");
        await page.CheckAsync("#consentService");
        await page.ClickAsync("#submit");
        await page.WaitForSelectorAsync("#coupon-code");
        await _app.Services.GetRequiredService<ViewCounter>().FlushAsync(CancellationToken.None); // instead of waiting for the next flush

        await page.GotoAsync($"{_app.BaseUrl}/admin/campaigns/spring-coupon");
        await page.WaitForURLAsync(url => url.Contains("/admin/login", StringComparison.Ordinal)); // not signed in yet
        await page.FillAsync("input[name=name]", "li.marketing");
        await page.FillAsync("input[name=password]", "marketing-password-789");
        await page.ClickAsync("button[type=submit]");
        await page.WaitForURLAsync($"{_app.BaseUrl}/admin/campaigns/spring-coupon"); // back where they were going

        var bars = page.Locator("#funnel-chart rect.bar");
        await bars.First.WaitForAsync();
        Assert.Equal(4, await bars.CountAsync());
        Assert.Equal(["访问落地页: 1", "同意隐私政策: 1", "提交手机号: 1", "发放奖品/券: 1"], await page.Locator("#funnel-chart rect.bar title").AllTextContentsAsync());
        var box = await page.Locator("#funnel-chart").BoundingBoxAsync();
        Assert.True(box is { Width: > 200, Height: > 50 }, "the funnel chart is drawn at a readable size");
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Chromium.ScreenshotPath("admin-funnel"), FullPage = true });
    }
}

using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;
using WechatLeads.Server.Consent;
using WechatLeads.Server.Leads;
using WechatLeads.Server.Tests.Infrastructure;

[assembly: CollectionBehavior(DisableTestParallelization = true)]

namespace WechatLeads.Browser.Tests;

public sealed class H5CouponFlowTests : IAsyncLifetime
{
    private readonly WechatLeadsFactory _app = new(kestrel: true);
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
    public async Task A_follower_ticks_the_service_consent_enters_a_phone_and_sees_the_coupon()
    {
        var page = await _browser.NewPageAsync(new BrowserNewPageOptions { ViewportSize = new ViewportSize { Width = 390, Height = 844 }, Locale = "zh-CN" });

        await page.GotoAsync($"{_app.BaseUrl}/h5/c/spring-coupon?src=article");

        // Silent OAuth brings us back to the clean campaign URL.
        await page.WaitForURLAsync($"{_app.BaseUrl}/h5/c/spring-coupon?src=article");
        Assert.Equal($"{_app.BaseUrl}/h5/c/spring-coupon?src=article", page.Url);
        Assert.False(await page.IsCheckedAsync("#consentService"), "service consent must not be pre-ticked");
        Assert.False(await page.IsCheckedAsync("#consentMarketing"), "marketing consent must not be pre-ticked");
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Chromium.ScreenshotPath("h5-landing"), FullPage = true });

        // The number is proven by the code sent to it; a wrong code keeps everything as the follower left it.
        await page.CheckAsync("#consentService");
        await H5Form.ProvePhoneAsync(page, _app, "138 0013 8000");
        Assert.Contains("138****8000", await page.InnerTextAsync("#code-sent"));
        Assert.Equal("未收到？重新发送", await page.InnerTextAsync("#send-code"));
        Assert.True(await page.IsCheckedAsync("#consentService"), "the ticked box stays ticked after 获取验证码");
        Assert.False(await page.IsCheckedAsync("#consentMarketing"), "the unticked box stays unticked");
        var code = await page.InputValueAsync("#smsCode");
        await page.FillAsync("#smsCode", code == "000000" ? "111111" : "000000");
        await page.ClickAsync("#submit");
        await page.Locator(".error >> text=验证码不正确").WaitForAsync();
        Assert.True(await page.IsCheckedAsync("#consentService"));
        Assert.False(await page.IsCheckedAsync("#consentMarketing"));
        Assert.Equal("138 0013 8000", await page.InputValueAsync("#phone"));
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Chromium.ScreenshotPath("h5-wrong-code"), FullPage = true });
        await page.FillAsync("#smsCode", code);
        await page.ClickAsync("#submit");

        await page.WaitForSelectorAsync("#coupon-code");
        Assert.Matches("^LATTE5-[0-9A-Z]{10}$", await page.InnerTextAsync("#coupon-code"));
        Assert.Contains("领取成功", await page.InnerTextAsync("#result"));
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Chromium.ScreenshotPath("h5-coupon"), FullPage = true });

        var lead = await _app.QueryAsync(db => db.Set<Lead>().AsNoTracking().SingleAsync());
        Assert.Equal("article", lead.Source);
        Assert.False(lead.MarketingConsent);
        Assert.Equal("sms", lead.PhoneProof);

        // The sandbox's SMS gateway shows the codes on the simulator page, as a phone would.
        await page.GotoAsync($"{_app.BaseUrl}/sandbox");
        await page.Locator("#sms .sms >> text=验证码").First.WaitForAsync();
        Assert.Contains("138****8000", await page.InnerTextAsync("#sms"));
        Assert.Equal(1, await _app.QueryAsync(db => db.Set<ConsentEvent>().CountAsync(e => e.Purpose == "service" && e.Channel == "h5")));
    }

    [Fact]
    public async Task The_sandbox_simulator_shows_the_menu_and_the_unsubscribe_confirmation()
    {
        var page = await _browser.NewPageAsync(new BrowserNewPageOptions { ViewportSize = new ViewportSize { Width = 1100, Height = 800 }, Locale = "zh-CN" });
        await page.GotoAsync($"{_app.BaseUrl}/sandbox");
        await Eventually.TrueAsync(async () =>
        {
            await page.ReloadAsync();
            return await page.Locator("#menu >> text=我的").CountAsync() > 0;
        }, "the published menu drawn by the simulator");

        await page.ClickAsync("#newFollower");
        await page.ClickAsync("#follow");
        await page.WaitForSelectorAsync(".msg.them >> text=感谢关注");
        await page.ClickAsync("#menu >> text=我的");
        await page.ClickAsync(".sub >> text=取消订阅");
        await page.WaitForSelectorAsync(".msg.them >> text=退订成功", new PageWaitForSelectorOptions { Timeout = 15000 });
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Chromium.ScreenshotPath("sandbox-unsubscribe") });
        Assert.Equal(1, await page.Locator(".msg.them >> text=退订成功").CountAsync());
    }

    [Fact]
    public async Task The_sandbox_simulator_previews_a_campaigns_share_card_and_checks_its_signature()
    {
        var page = await _browser.NewPageAsync(new BrowserNewPageOptions { ViewportSize = new ViewportSize { Width = 1100, Height = 800 }, Locale = "zh-CN" });
        var errors = new List<string>();
        page.Console += (_, message) => { if (message.Type == "error") errors.Add(message.Text); };
        await page.GotoAsync($"{_app.BaseUrl}/sandbox");
        await page.Locator("#shareCampaign option[value=spring-coupon]").WaitForAsync(new LocatorWaitForOptions { State = WaitForSelectorState.Attached });
        await page.SelectOptionAsync("#shareCampaign", "spring-coupon");
        await page.ClickAsync("#sharePreview");

        await page.WaitForSelectorAsync("#share-card >> text=送你一张中杯拿铁 5 元券");
        Assert.Contains("新客填写手机号即可领取", await page.InnerTextAsync("#share-card"));
        Assert.Contains("/h5/c/spring-coupon?src=share", await page.InnerTextAsync("#share-card"));
        Assert.Equal("true", await page.GetAttributeAsync("#share-result", "data-verified"));
        Assert.Contains("校验通过", await page.InnerTextAsync("#share-result"));
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Chromium.ScreenshotPath("sandbox-share-card") });
        Assert.Empty(errors);
    }
}

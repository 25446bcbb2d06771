using Microsoft.Playwright;
using WechatLeads.Server.Admin;
using WechatLeads.Server.Tests.Infrastructure;

namespace WechatLeads.Browser.Tests;

/// <summary>
/// At phone size, end to end: a follower wins a coupon and opens it in 我的券; a store employee signs in at
/// /staff/login, types the token shown under the barcode, checks and confirms; another store's employee trying
/// the same coupon is told when and where it was used.
/// </summary>
public sealed class StaffRedeemBrowserTests : IAsyncLifetime
{
    private const string AndroidChrome = "Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0.0.0 Mobile " +
        "Safari/537.36";
    private const string AndroidWechat = AndroidChrome
        + " XWEB/1260059 MMWEBSDK/20240501 MicroMessenger/8.0.50.2701(0x28003253) WeChat/arm64 Weixin NetType/WIFI Language/zh_CN ABI/arm64";

    private readonly WechatLeadsFactory _app = new(kestrel: true, settings: new Dictionary<string, string?>
    {
        ["Admin:Users:0:Name"] = "store-sh001",
        ["Admin:Users:0:PasswordHash"] = StaffPasswords.Hash("sh001-password-123"),
        ["Admin:Users:0:Role"] = "Store",
        ["Admin:Users:0:Store"] = "SH001",
        ["Admin:Users:1:Name"] = "store-east",
        ["Admin:Users:1:PasswordHash"] = StaffPasswords.Hash("east-password-456"),
        ["Admin:Users:1:Role"] = "Store",
        ["Admin:Users:1:Store"] = "SH002,BJ001",
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

    /// <summary>A phone of its own (cookies included): 390×844 at device scale 2, touch, a mobile browser's user agent.</summary>
    private async Task<IPage> PhoneAsync(string userAgent = AndroidChrome)
    {
        var context = await _browser.NewContextAsync(new BrowserNewContextOptions
        {
            ViewportSize = new ViewportSize { Width = 390, Height = 844 },
            DeviceScaleFactor = 2,
            IsMobile = true,
            HasTouch = true,
            UserAgent = userAgent,
            Locale = "zh-CN",
        });
        return await context.NewPageAsync();
    }

    [Fact]
    public async Task A_coupon_shown_on_the_phone_is_redeemed_once_and_refused_at_another_store_with_when_and_where()
    {
        var token = await WinAndShowCouponAsync("139 1234 0101");

        // (b) The store employee signs in and types the token (what a scanner gun would type, then Enter).
        var sh001 = await SignedInStaffAsync("store-sh001", "sh001-password-123");
        await sh001.FillAsync("#redeem-input", token);
        await sh001.PressAsync("#redeem-input", "Enter");
        await sh001.Locator("#check-result").WaitForAsync();
        Assert.Equal("新客专享：中杯拿铁 5 元券", (await sh001.InnerTextAsync("#staff-prize")).Trim());
        Assert.Contains("有效期至", await sh001.InnerTextAsync("#staff-validity"));
        Assert.Equal("139****0101", (await sh001.InnerTextAsync("#staff-phone")).Trim());
        Assert.True(await sh001.Locator("#redeem-confirm").IsVisibleAsync());
        await sh001.ScreenshotAsync(new PageScreenshotOptions { Path = Chromium.ScreenshotPath("staff-check"), FullPage = true });
        await sh001.ClickAsync("#redeem-confirm");
        await sh001.Locator("#redeemed").WaitForAsync();
        Assert.Contains("已核销", await sh001.InnerTextAsync("#redeemed"));
        Assert.Contains("上海南京西路店", await sh001.InnerTextAsync("#redeemed-store"));
        Assert.Contains("139****0101", await sh001.InnerTextAsync("#today"));
        await sh001.ScreenshotAsync(new PageScreenshotOptions { Path = Chromium.ScreenshotPath("staff-redeemed"), FullPage = true });

        // (c) The same coupon at another store: refused, with when and where it was used.
        var east = await SignedInStaffAsync("store-east", "east-password-456");
        await east.SelectOptionAsync("#redeem-store", "SH002");
        await east.FillAsync("#redeem-input", token);
        await east.ClickAsync("#redeem-check");
        await east.Locator("#refusal").WaitForAsync();
        Assert.Contains("已经核销过", await east.InnerTextAsync("#refusal-title"));
        var detail = await east.InnerTextAsync("#refusal-detail");
        Assert.Matches(@"^已于 \d{4}-\d{2}-\d{2} \d{2}:\d{2}（北京时间）在上海南京西路店核销。$", detail.Trim());
        Assert.Equal(0, await east.Locator("#redeem-confirm").CountAsync());
        await east.ScreenshotAsync(new PageScreenshotOptions { Path = Chromium.ScreenshotPath("staff-refused"), FullPage = true });
    }

    [Fact]
    public async Task Inside_wechat_the_scan_button_uses_wx_scan_qrcode_and_the_barcode_result_is_checked()
    {
        var token = await WinAndShowCouponAsync("139 1234 0102");
        var page = await PhoneAsync(AndroidWechat);
        // A stand-in for WeChat's SDK (the test has no network): it records wx.config and scans "a barcode" the way WeChat answers (CODE_128,<digits>).
        await page.RouteAsync("https://res.wx.qq.com/**", route => route.FulfillAsync(new RouteFulfillOptions
        {
            ContentType = "text/javascript",
            Body = "window.wx = { config: c => { window.wxConfig = c; }, ready: f => setTimeout(f, 0), error: () => {}, " +
                   "scanQRCode: o => { sessionStorage.setItem('scanType', JSON.stringify(o.scanType)); o.success({ resultStr: 'CODE_128,"
                       + token
                       + "' }); } };",
        }));
        await SignInAsync(page, "store-sh001", "sh001-password-123");

        await page.Locator("#scan").WaitForAsync(new LocatorWaitForOptions { State = WaitForSelectorState.Visible });
        Assert.Equal(new[] { "scanQRCode" }, await page.EvaluateAsync<string[]>("window.wxConfig.jsApiList"));
        Assert.Matches("^[0-9a-f]{40}$", await page.EvaluateAsync<string>("window.wxConfig.signature"));
        await page.ClickAsync("#scan");
        await page.Locator("#check-result").WaitForAsync();
        Assert.Equal(new[] { "qrCode", "barCode" }, await page.EvaluateAsync<string[]>("JSON.parse(sessionStorage.getItem('scanType'))"));
        Assert.Equal("139****0102", (await page.InnerTextAsync("#staff-phone")).Trim());
    }

    /// <summary>(a) A follower wins the spring coupon, opens it from 我的券 and reads the token under the barcode.</summary>
    private async Task<string> WinAndShowCouponAsync(string phone)
    {
        var page = await PhoneAsync();
        await page.GotoAsync($"{_app.BaseUrl}/h5/c/spring-coupon?src=article");
        await page.WaitForURLAsync($"{_app.BaseUrl}/h5/c/spring-coupon?src=article");
        await page.CheckAsync("#consentService");
        await H5Form.ProvePhoneAsync(page, _app, phone);
        await page.ClickAsync("#submit");
        await page.WaitForSelectorAsync("#coupon-code");

        await page.GotoAsync($"{_app.BaseUrl}/h5/me/coupons");
        await page.ClickAsync(".coupon a.button");
        await page.Locator("#coupon-token").WaitForAsync();
        Assert.True(await page.Locator("svg#coupon-qr").IsVisibleAsync());
        Assert.True(await page.Locator("svg#coupon-barcode").IsVisibleAsync());
        Assert.Contains("有效期至", await page.InnerTextAsync("#coupon-validity"));
        Assert.Contains("上海南京西路店", await page.InnerTextAsync("#coupon-stores"));
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Chromium.ScreenshotPath("h5-coupon-at-the-till"), FullPage = true });
        var token = (await page.InnerTextAsync("#coupon-token")).Trim();
        Assert.Matches("^[0-9]{24}$", token);
        return token;
    }

    private async Task<IPage> SignedInStaffAsync(string name, string password)
    {
        var page = await PhoneAsync();
        await SignInAsync(page, name, password);
        return page;
    }

    private async Task SignInAsync(IPage page, string name, string password)
    {
        await page.GotoAsync($"{_app.BaseUrl}/staff/redeem");
        await page.WaitForURLAsync(url => url.Contains("/staff/login", StringComparison.Ordinal));
        await page.FillAsync("#name", name);
        await page.FillAsync("#password", password);
        await page.ClickAsync("#sign-in");
        await page.WaitForURLAsync($"{_app.BaseUrl}/staff/redeem");
    }
}

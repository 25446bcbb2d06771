using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using WechatLeads.Server.Admin;
using WechatLeads.Server.Analytics;
using WechatLeads.Server.Campaigns;
using WechatLeads.Server.Tests.Infrastructure;

namespace WechatLeads.Browser.Tests;

/// <summary>
/// A marketing person works in the console in Chromium: signs in, creates and runs a campaign with its
/// prize codes and a store QR code, publishes a menu edit, and sees the funnel drawn.
/// </summary>
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

    private Task<IPage> NewPageAsync() =>
        _browser.NewPageAsync(new BrowserNewPageOptions { ViewportSize = new ViewportSize { Width = 1100, Height = 900 }, Locale = "zh-CN" });

    private async Task SignInAsync(IPage page, string returnTo)
    {
        await page.GotoAsync($"{_app.BaseUrl}{returnTo}");
        await page.WaitForURLAsync(url => url.Contains("/admin/login", StringComparison.Ordinal)); // not signed in yet
        await page.FillAsync("input[name=name]", "li.marketing");
        await page.FillAsync("input[name=password]", "marketing-password-789");
        await page.ClickAsync("button[type=submit]");
        await page.WaitForURLAsync($"{_app.BaseUrl}{returnTo}"); // back where they were going
    }

    [Fact]
    public async Task A_campaign_is_created_stocked_and_started_from_the_console_and_takes_part_at_once()
    {
        var page = await NewPageAsync();
        var problems = new List<string>();
        page.Console += (_, message) => { if (message.Type == "error") problems.Add($"{message.Text} at {message.Location}"); }; // e.g. a CSP refusal
        await SignInAsync(page, "/admin/campaigns");

        await page.ClickAsync("#new-campaign");
        await page.FillAsync("input[name=slug]", "winter-tea");
        await page.FillAsync("input[name=title]", "冬日热茶抽奖");
        await page.SelectOptionAsync("select[name=type]", "luckyDraw"); // shows the draw fields, hides the coupon ones
        await page.FillAsync("input[name='draw.noWinWeight']", "0");
        await page.FillAsync("input[name='draw.prizes.0.name']", "保温杯");
        await page.FillAsync("input[name='draw.prizes.0.inventory']", "5");
        await page.FillAsync("input[name='draw.prizes.0.value']", "59"); // announced with its odds: a draw can't start without values
        await page.FillAsync("input[name=organiser]", "示例茶饮有限公司");
        await page.ClickAsync("#create-campaign");
        await page.WaitForURLAsync($"{_app.BaseUrl}/admin/campaigns/winter-tea/manage");
        Assert.Equal("草稿", await page.Locator("h1 .status").TextContentAsync());

        // Codes from the supplier's file; one line is refused and said so.
        await page.ClickAsync("#prizes details summary");
        var import = page.Locator("form[id^=import-prize-]");
        await import.Locator("input[type=file]").SetInputFilesAsync(new FilePayload
        {
            Name = "codes.csv",
            MimeType = "text/csv",
            Buffer = System.Text.Encoding.UTF8.GetBytes("code\nTEA-0001\nTEA-0002\nTEA-0003\nTEA-0004\nTEA-0005\n=cmd\n"),
        });
        await import.Locator("button").ClickAsync();
        var report = import.Locator("output.ok");
        await report.WaitForAsync();
        Assert.Contains("导入 5 个券码，拒绝 1 行", await report.TextContentAsync());
        Assert.Contains("第 7 行", await report.TextContentAsync());

        await page.FillAsync("#add-qrcode input[name=storeName]", "南京西路店");
        await page.ClickAsync("#add-qrcode button");
        await page.Locator("#qrcodes a[download]").WaitForAsync();

        await page.ClickAsync("#status-active");
        await page.Locator("h1 .status.active").WaitForAsync();
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Chromium.ScreenshotPath("admin-campaign-manage"), FullPage = true });

        // A follower draws on the new campaign's page and wins one of the imported codes.
        var follower = await NewPageAsync();
        await follower.GotoAsync($"{_app.BaseUrl}/h5/c/winter-tea?src=poster");
        await H5Form.ProvePhoneAsync(follower, _app, "139 0013 9000");
        await follower.CheckAsync("#consentService");
        await follower.ClickAsync("#submit");
        Assert.StartsWith("TEA-000", await follower.Locator("#coupon-code").TextContentAsync());

        await _app.Services.GetRequiredService<ViewCounter>().FlushAsync(CancellationToken.None);
        await page.GotoAsync($"{_app.BaseUrl}/admin/campaigns/winter-tea");
        Assert.Equal(["访问落地页: 1", "同意隐私政策: 1", "提交手机号: 1", "发放奖品/券: 1", "核销: 0"], await page.Locator("#funnel-chart rect.bar title").AllTextContentsAsync());
        await page.GotoAsync($"{_app.BaseUrl}/admin/leads?campaign=winter-tea");
        Assert.Equal("139****9000", await page.Locator("#leads td.phone").TextContentAsync());
        Assert.True(problems.Count == 0, string.Join(Environment.NewLine, problems));
    }

    [Fact]
    public async Task A_menu_edit_is_checked_and_published_from_the_console()
    {
        var page = await NewPageAsync();
        var problems = new List<string>();
        page.Console += (_, message) =>
        {
            // The refused publish below answers 400, which Chromium reports as a failed load: expected here.
            if (message.Type == "error" && !message.Text.StartsWith("Failed to load resource", StringComparison.Ordinal))
                problems.Add($"{message.Text} at {message.Location}");
        };
        await SignInAsync(page, "/admin/menu");

        // The visual editor: a name too long for WeChat is shown in red beside its own button after 检查.
        var firstName = page.Locator("#menu-visual fieldset.menu-button").First.Locator("label:has-text('名称') input");
        await firstName.FillAsync("这是一个超过十六字节的菜单名");
        await page.ClickAsync("#validate-menu");
        await page.Locator(".menu-problems[data-at='0'] .error:has-text('字节')").WaitForAsync();
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Chromium.ScreenshotPath("admin-menu-visual"), FullPage = true });
        await firstName.FillAsync("领优惠券");

        // The JSON view, for everything else.
        await page.ClickAsync("#menu-json summary");
        var editor = page.Locator("textarea[name=json]");
        var json = await editor.InputValueAsync();
        await editor.FillAsync(json.Replace("领优惠券", "冬季领券", StringComparison.Ordinal));
        await page.ClickAsync("#validate-menu");
        await page.Locator("output.ok").WaitForAsync();
        Assert.Contains("检查通过", await page.Locator("output.ok").TextContentAsync());

        await page.ClickAsync("#publish-menu");
        await page.Locator("output.ok:has-text('后台任务')").WaitForAsync();
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (_app.Sandbox.MenuJson?.Contains("冬季领券", StringComparison.Ordinal) != true && DateTime.UtcNow < deadline) await Task.Delay(200);
        Assert.Contains("冬季领券", _app.Sandbox.MenuJson);

        // A menu without the way out: 检查 shows the problem in red (not the green success box), and publishing is refused.
        await editor.FillAsync("""{"button":[{"type":"view","name":"领券","url":"{base}/h5/c/spring-coupon"}]}""");
        await page.ClickAsync("#validate-menu");
        await page.Locator("output.error:has-text('取消订阅')").WaitForAsync();
        Assert.Equal(0, await page.Locator("output.ok").CountAsync());
        await page.ClickAsync("#publish-menu");
        await page.Locator("output.error").WaitForAsync();
        Assert.Contains("取消订阅", await page.Locator("output.error").TextContentAsync());
        Assert.True(problems.Count == 0, string.Join(Environment.NewLine, problems));
    }

    [Fact]
    public async Task Signing_in_and_opening_a_campaign_draws_its_echarts_with_data_and_no_console_errors()
    {
        var page = await NewPageAsync();
        var problems = new List<string>();
        page.Console += (_, message) => { if (message.Type == "error") problems.Add($"{message.Text} at {message.Location}"); }; // e.g. a CSP refusal
        page.PageError += (_, error) => problems.Add(error);
        // A follower claims a coupon first, so the funnel has something in every step.
        await page.GotoAsync($"{_app.BaseUrl}/h5/c/spring-coupon?src=poster");
        await H5Form.ProvePhoneAsync(page, _app, "138 0013 8000");
        await page.CheckAsync("#consentService");
        await page.ClickAsync("#submit");
        await page.WaitForSelectorAsync("#coupon-code");
        await _app.Services.GetRequiredService<ViewCounter>().FlushAsync(CancellationToken.None); // instead of waiting for the next flush

        await SignInAsync(page, "/admin/campaigns/spring-coupon");

        // ECharts (served by this server, under the strict CSP) draws each chart on a canvas; the SVG fallbacks then hide.
        foreach (var id in new[] { "funnel-echart", "daily-echart", "source-echart", "store-echart", "redemption-echart" })
            await page.Locator($"#{id}[data-drawn=true] canvas").First.WaitForAsync();
        var box = await page.Locator("#funnel-echart canvas").First.BoundingBoxAsync();
        Assert.True(box is { Width: > 200, Height: > 200 }, "the funnel chart is drawn at a readable size");
        Assert.False(await page.Locator("#funnel-chart").IsVisibleAsync());
        using var figures = System.Text.Json.JsonDocument.Parse((await page.Locator("#dashboard-data").GetAttributeAsync("data-json"))!);
        var funnel = figures.RootElement.GetProperty("funnel");
        Assert.Equal(("访问落地页", 1), (funnel[0].GetProperty("name").GetString(), funnel[0].GetProperty("value").GetInt32()));
        Assert.Equal(100, funnel[1].GetProperty("fromPrevious").GetDouble()); // every visitor consented: 100% went on to the next step
        Assert.Equal(["访问落地页: 1", "同意隐私政策: 1", "提交手机号: 1", "发放奖品/券: 1", "核销: 0"],
            await page.Locator("#funnel-chart rect.bar title").AllTextContentsAsync()); // the printable fallback says the same
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Chromium.ScreenshotPath("admin-dashboard"), FullPage = true });
        Assert.Empty(problems);
    }
}

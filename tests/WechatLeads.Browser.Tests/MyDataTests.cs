using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;
using WechatLeads.Server.DataRights;
using WechatLeads.Server.Leads;
using WechatLeads.Server.Tests.Infrastructure;

namespace WechatLeads.Browser.Tests;

/// <summary>A follower uses their rights on 我的数据 in Chromium: download a copy, correct the phone, delete everything.</summary>
public sealed partial class MyDataTests : IAsyncLifetime
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
    public async Task A_follower_downloads_corrects_and_deletes_their_data()
    {
        var page = await _browser.NewPageAsync(new BrowserNewPageOptions
        {
            ViewportSize = new ViewportSize { Width = 390, Height = 844 },
            Locale = "zh-CN",
            AcceptDownloads = true
        });
        await page.GotoAsync($"{_app.BaseUrl}/h5/c/spring-coupon?src=browser");
        await H5Form.ProvePhoneAsync(page, _app, "138 0013 8000");
        await page.CheckAsync("#consentService");
        await page.ClickAsync("#submit");
        await page.Locator("#coupon-code").WaitForAsync();

        await page.GotoAsync($"{_app.BaseUrl}/h5/me");
        Assert.Equal("138****8000", await page.Locator("#phones").TextContentAsync());

        // 下载我的数据: a JSON copy with the number in full — it is theirs.
        var download = await page.RunAndWaitForDownloadAsync(() => page.ClickAsync("#export"));
        using (var copy = JsonDocument.Parse(await File.ReadAllTextAsync((await download.PathAsync())!)))
        {
            Assert.Equal("13800138000", copy.RootElement.GetProperty("phoneNumbers")[0].GetString());
            Assert.Equal("spring-coupon", copy.RootElement.GetProperty("campaigns")[0].GetProperty("campaign").GetString());
        }

        // 更正手机号: the change happens only with the code sent to the new number.
        await page.ClickAsync("#correct-phone");
        await page.FillAsync("#phone", "139 0000 1234");
        await page.ClickAsync("#send-code");
        var sms = Assert.Single(_app.Sandbox.SmsMessages, m => m.Phone == "13900001234");
        await page.FillAsync("#code", SixDigits().Match(sms.Text).Value);
        await page.ClickAsync("#verify");
        await page.Locator("#phone-corrected").WaitForAsync();
        await page.GotoAsync($"{_app.BaseUrl}/h5/me");
        Assert.Equal("139****1234", await page.Locator("#phones").TextContentAsync());

        // 删除我的全部数据: a confirmation step, then the job erases.
        await page.ClickAsync("#delete-all");
        await page.ClickAsync("#delete");
        Assert.Contains("/h5/me/delete", page.Url); // the box was not ticked: the browser refuses to submit
        await page.CheckAsync("#confirm-delete");
        await page.ClickAsync("#delete");
        await page.Locator("#delete-accepted").WaitForAsync();
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Chromium.ScreenshotPath("h5-delete-accepted"), FullPage = true });
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (await _app.QueryAsync(db => db.Set<Lead>().AnyAsync()) && DateTime.UtcNow < deadline) await Task.Delay(200);
        Assert.Equal(0, await _app.CountAsync<Lead>());
        Assert.Equal(0, await _app.CountAsync<Person>());
        var requests = await _app.QueryAsync(db => db.Set<DataSubjectRequest>().Select(r => new { r.Type, r.Status }).ToListAsync());
        Assert.Equal(["access", "correct", "delete"], requests.Select(r => r.Type).Order());
        // The copy was handed over at the download; the access request stays open until Compliance answers it.
        Assert.All(requests, r => Assert.Equal(r.Type == "access" ? "received" : "completed", r.Status));
    }

    [GeneratedRegex(@"\d{6}")]
    private static partial Regex SixDigits();
}

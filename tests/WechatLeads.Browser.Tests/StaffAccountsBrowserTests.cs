using System.Text.RegularExpressions;
using Microsoft.Playwright;
using WechatLeads.Server.Admin;
using WechatLeads.Server.Tests.Infrastructure;

namespace WechatLeads.Browser.Tests;

/// <summary>
/// A compliance officer makes a colleague's account in Chromium and requires two-step verification; the colleague
/// signs in with the temporary password, chooses their own, sets up the authenticator, proves their own number and
/// sends a marketing message to themselves first. Zero console errors, and what they read is Chinese.
/// </summary>
public sealed partial class StaffAccountsBrowserTests : IAsyncLifetime
{
    private readonly WechatLeadsFactory _app = new(kestrel: true, settings: new Dictionary<string, string?>
    {
        ["Admin:Users:0:Name"] = "wang.dpo",
        ["Admin:Users:0:PasswordHash"] = StaffPasswords.Hash("compliance-password-456"),
        ["Admin:Users:0:Role"] = "Compliance",
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

    /// <summary>Words of four or more Latin letters: what a Chinese console should not show outside names, codes and the brand.</summary>
    [GeneratedRegex("[A-Za-z]{4,}")]
    private static partial Regex LatinWord();

    // The brand, account names, and configuration keys (Admin:Users), which are named as they are typed.
    private static readonly HashSet<string> Allowed = ["WechatLeads", "zhao", "wang", "Admin", "Users"];

    private static IEnumerable<string> English(string text) => LatinWord().Matches(text).Select(m => m.Value).Where(w => !Allowed.Contains(w));

    private async Task<(IPage Page, List<string> Problems)> NewPageAsync()
    {
        var context = await _browser.NewContextAsync(new BrowserNewContextOptions
        {
            ViewportSize = new ViewportSize { Width = 1100, Height = 900 },
            Locale = "zh-CN"
        });
        var page = await context.NewPageAsync();
        var problems = new List<string>();
        page.Console += (_, message) =>
        {
            // The browser's own line for an answer it was told to expect (a 4xx the page shows in its output) is not a page error.
            if (message.Type == "error" && !message.Text.StartsWith("Failed to load resource", StringComparison.Ordinal))
                problems.Add($"{message.Text} at {message.Location}");
        };
        page.PageError += (_, error) => problems.Add(error);
        return (page, problems);
    }

    private async Task SignInAsync(IPage page, string name, string password)
    {
        await page.GotoAsync($"{_app.BaseUrl}/admin/login");
        await page.FillAsync("input[name=name]", name);
        await page.FillAsync("input[name=password]", password);
        await page.ClickAsync("form[action='/admin/login'] button[type=submit]");
    }

    [Fact]
    public async Task An_account_made_by_compliance_is_taken_over_by_its_owner_with_two_step_verification_and_a_test_send()
    {
        // The compliance officer creates the account.
        var (officer, officerProblems) = await NewPageAsync();
        await SignInAsync(officer, "wang.dpo", "compliance-password-456");
        await officer.GotoAsync($"{_app.BaseUrl}/admin/staff");
        await officer.FillAsync("#add-account input[name=name]", "zhao.ops");
        await officer.SelectOptionAsync("#add-account select[name=role]", "Operator");
        await officer.CheckAsync("#add-account input[name=totpRequired]");
        await officer.ClickAsync("#add-account button[type=submit]");
        var notice = await officer.Locator("#add-account output.ok").TextContentAsync();
        var temporary = Regex.Match(notice!, "临时密码：([A-Za-z0-9-]+)").Groups[1].Value;
        Assert.Equal(19, temporary.Length);
        Assert.Contains("只显示这一次", notice);
        await officer.ScreenshotAsync(new PageScreenshotOptions { Path = Chromium.ScreenshotPath("compliance-temporary-password"), FullPage = true });
        await officer.ReloadAsync();
        await officer.ScreenshotAsync(new PageScreenshotOptions { Path = Chromium.ScreenshotPath("compliance-staff-accounts"), FullPage = true });
        Assert.Contains("要求两步验证", await officer.Locator("tr[data-account='zhao.ops']").TextContentAsync());
        var onPage = English(await officer.Locator("main").InnerTextAsync()).Distinct().ToList();
        Assert.True(onPage.Count == 0, "English on /admin/staff: " + string.Join(", ", onPage));
        Assert.Empty(officerProblems);

        // The colleague: temporary password, their own password, the authenticator, then the console.
        var (colleague, problems) = await NewPageAsync();
        await SignInAsync(colleague, "zhao.ops", temporary);
        // The second factor first (a temporary password alone proves little), then a password only they know.
        await colleague.Locator("#sign-in-step[data-step=enroll]").WaitForAsync();
        Assert.True(await colleague.Locator("#totp-qr").EvaluateAsync<bool>("img => img.complete && img.naturalWidth > 100"), "the QR code is drawn");
        await colleague.ScreenshotAsync(new PageScreenshotOptions { Path = Chromium.ScreenshotPath("staff-totp-enroll"), FullPage = true });
        var secret = (await colleague.Locator("#totp-secret").TextContentAsync())!;
        await colleague.FillAsync("input[name=code]", new OtpNet.Totp(OtpNet.Base32Encoding.ToBytes(secret)).ComputeTotp());
        await colleague.ClickAsync("#sign-in-step button[type=submit]");
        await colleague.Locator("#sign-in-step[data-step=password]").WaitForAsync();
        await colleague.FillAsync("input[name=password]", "zhao-own-password-1");
        await colleague.FillAsync("input[name=repeat]", "zhao-own-password-1");
        await colleague.ClickAsync("#sign-in-step button[type=submit]");
        await colleague.WaitForURLAsync($"{_app.BaseUrl}/admin");
        Assert.Contains("zhao.ops · 市场运营", await colleague.Locator("nav .who").TextContentAsync());

        // Their own number, proven by SMS, for test sends.
        await colleague.GotoAsync($"{_app.BaseUrl}/admin/account/test-targets");
        await colleague.FillAsync("#test-phone-code input[name=phone]", "13912345670");
        await colleague.ClickAsync("#test-phone-code button[type=submit]");
        await colleague.Locator("#test-phone-code output.ok").WaitForAsync();
        await colleague.FillAsync("#test-phone-confirm input[name=phone]", "13912345670");
        await colleague.FillAsync("#test-phone-confirm input[name=code]", _app.LatestSmsCode("13912345670"));
        await colleague.ClickAsync("#test-phone-confirm button[type=submit]");
        await colleague.WaitForLoadStateAsync(LoadState.NetworkIdle);
        await colleague.Locator("#test-phone b:has-text('139****5670')").WaitForAsync();

        // A message without the way to refuse is refused in Chinese; the right one reaches their own phone only.
        await colleague.GotoAsync($"{_app.BaseUrl}/admin/marketing");
        await colleague.FillAsync("#schedule-send input[name=name]", "冬季新品");
        await colleague.FillAsync("#schedule-send textarea[name=text]", "【示例咖啡】冬季新品第二杯半价");
        await colleague.ClickAsync("#test-send");
        var refused = (await colleague.Locator("#schedule-send output.error").TextContentAsync())!;
        Assert.Contains("营销短信必须写明退订方式", refused);
        Assert.Empty(English(refused));
        await colleague.FillAsync("#schedule-send textarea[name=text]", "【示例咖啡】冬季新品第二杯半价，详情见公众号。回复TD退订");
        await colleague.ClickAsync("#test-send");
        Assert.Contains("已发给您的测试号码 139****5670", await colleague.Locator("#schedule-send output.ok").TextContentAsync());
        Assert.Equal("13912345670", _app.Sandbox.SmsMessages[^1].Phone);
        await colleague.ScreenshotAsync(new PageScreenshotOptions { Path = Chromium.ScreenshotPath("marketing-test-send"), FullPage = true });
        Assert.True(problems.Count == 0, string.Join(Environment.NewLine, problems));
    }
}

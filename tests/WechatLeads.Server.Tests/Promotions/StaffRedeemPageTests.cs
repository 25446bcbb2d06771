using System.Net;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using WechatLeads.Server.Admin;
using WechatLeads.Server.Audit;
using WechatLeads.Server.Coupons;
using WechatLeads.Server.Security;
using WechatLeads.Server.Tests.Infrastructure;
using WechatLeads.Wechat.Crypto;

namespace WechatLeads.Server.Tests.Promotions;

/// <summary>
/// The store staff page: Role=Store accounts sign in at /staff/login, check a coupon, confirm, and are told
/// precisely — when and where — why a used coupon cannot be used again.
/// </summary>
public sealed partial class StaffRedeemPageTests() : HostedTests(new Dictionary<string, string?>
{
    ["Admin:Users:0:Name"] = "store-sh001",
    ["Admin:Users:0:PasswordHash"] = StaffPasswords.Hash("sh001-password-123"),
    ["Admin:Users:0:Role"] = "Store",
    ["Admin:Users:0:Store"] = "SH001",
    ["Admin:Users:1:Name"] = "store-east",
    ["Admin:Users:1:PasswordHash"] = StaffPasswords.Hash("east-password-456"),
    ["Admin:Users:1:Role"] = "Store",
    ["Admin:Users:1:Store"] = "SH002,BJ001",
    ["Admin:Users:2:Name"] = "li.operator",
    ["Admin:Users:2:PasswordHash"] = StaffPasswords.Hash("operator-password-789"),
    ["Admin:Users:2:Role"] = "Operator",
    ["RateLimits:SignInsPerIpPerMinute"] = "1000",
    ["RateLimits:ParticipationsPerIpPerMinute"] = "100000",
})
{
    private HttpClient Browser(string? userAgent = null)
    {
        var browser = App.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true });
        if (userAgent is not null) browser.DefaultRequestHeaders.TryAddWithoutValidation("User-Agent", userAgent);
        return browser;
    }

    private static string TokenIn(string html) => WebUtility.HtmlDecode(Token().Match(html).Groups[1].Value);

    private static string Field(string html, string name) =>
        WebUtility.HtmlDecode(Regex.Match(html, $"name=\"{name}\" value=\"([^\"]*)\"").Groups[1].Value);

    private static async Task<HttpResponseMessage> SignInAsync(HttpClient browser, string name, string password, string path = "/staff/login") =>
        await browser.PostAsync(path, new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = TokenIn(await browser.GetStringAsync(path)),
            ["name"] = name,
            ["password"] = password,
        }));

    private async Task<HttpClient> StoreAsync(string name = "store-sh001", string password = "sh001-password-123", string? userAgent = null)
    {
        var browser = Browser(userAgent);
        var signedIn = await SignInAsync(browser, name, password);
        Assert.Equal("/staff/redeem", signedIn.Headers.Location?.OriginalString);
        return browser;
    }

    private static async Task<(HttpStatusCode Status, string Html)> PostAsync(
        HttpClient browser,
        string path,
        Dictionary<string, string> form,
        bool withToken = true)
    {
        if (withToken) form["__RequestVerificationToken"] = TokenIn(await browser.GetStringAsync("/staff/redeem"));
        var response = await browser.PostAsync(path, new FormUrlEncodedContent(form));
        return (response.StatusCode, await response.Content.ReadAsStringAsync());
    }

    private static Task<(HttpStatusCode Status, string Html)> CheckAsync(HttpClient browser, string input, string store) =>
        PostAsync(browser, "/staff/redeem", new() { ["input"] = input, ["store"] = store });

    /// <summary>Presses 确认核销 on a check result: the form exactly as the page rendered it.</summary>
    private static Task<(HttpStatusCode Status, string Html)> ConfirmAsync(HttpClient browser, string checkHtml) =>
        PostAsync(browser, "/staff/redeem/confirm", new()
        {
            ["input"] = Field(checkHtml, "input"),
            ["store"] = Field(checkHtml, "store"),
            ["key"] = Field(checkHtml, "key"),
        });

    /// <summary>A follower wins the spring coupon in the mini-program; its code.</summary>
    private async Task<string> CouponAsync(string phone)
    {
        var mp = await MiniProgramClient.LoginAsync(App);
        var response = await mp.JoinAsync("spring-coupon", phone);
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("couponCode").GetString()!;
    }

    private Task<List<AuditEntry>> AuditAsync() => App.QueryAsync(db => db.Set<AuditEntry>().AsNoTracking().OrderBy(e => e.Sequence).ToListAsync());

    [Fact]
    public async Task Without_a_session_the_page_sends_to_the_staff_sign_in_and_redeems_nothing()
    {
        var browser = Browser();
        var page = await browser.GetAsync("/staff/redeem");
        Assert.Equal(HttpStatusCode.Redirect, page.StatusCode);
        Assert.StartsWith("http://localhost/staff/login?returnUrl=%2Fstaff%2Fredeem", page.Headers.Location!.AbsoluteUri);

        var confirm = await browser.PostAsync(
            "/staff/redeem/confirm",
            new FormUrlEncodedContent(new Dictionary<string, string> { ["input"] = "LATTE5-X", ["store"] = "SH001", ["key"] = "staff-0123456789" }));
        Assert.Equal(HttpStatusCode.Redirect, confirm.StatusCode);
        Assert.Contains("/staff/login", confirm.Headers.Location!.OriginalString);
        Assert.Equal(0, await App.CountAsync<Redemption>());
    }

    [Fact]
    public async Task A_store_account_signs_in_with_a_cookie_for_staff_pages_only_and_is_audited()
    {
        var browser = Browser();
        var signedIn = await SignInAsync(browser, "STORE-sh001", "sh001-password-123"); // names are not case-sensitive

        Assert.Equal("/staff/redeem", signedIn.Headers.Location!.OriginalString);
        var cookie = Assert.Single(signedIn.Headers.GetValues("Set-Cookie"), c => c.StartsWith("wl_staff=", StringComparison.Ordinal)).ToLowerInvariant();
        Assert.Contains("path=/staff", cookie);
        Assert.Contains("httponly", cookie);
        Assert.Contains("samesite=strict", cookie);
        var page = await browser.GetStringAsync("/staff/redeem");
        Assert.Contains("store-sh001", page);
        Assert.Contains("上海南京西路店", page);
        Assert.DoesNotContain("id=\"redeem-store\"", page); // one store: no chooser
        Assert.Contains("id=\"redeem-input\"", page);
        Assert.NotEqual(HttpStatusCode.OK, (await browser.GetAsync("/admin/api/leads")).StatusCode); // no console access
        var entry = (await AuditAsync()).Last(e => e.Action == AuditActions.SignIn);
        Assert.Equal(("store-sh001", "Store", "password", "staff"), (entry.Actor, entry.Role, entry.Method, entry.Target));

        // An account with several stores chooses one.
        var east = await StoreAsync("store-east", "east-password-456");
        var eastPage = await east.GetStringAsync("/staff/redeem?store=BJ001");
        Assert.Contains("id=\"redeem-store\"", eastPage);
        Assert.Contains("<option value=\"BJ001\" selected>", eastPage);
    }

    [Fact]
    public async Task Other_roles_are_refused_here_and_store_accounts_at_the_console_are_sent_here()
    {
        var operatorAttempt = await SignInAsync(Browser(), "li.operator", "operator-password-789");
        Assert.Equal(HttpStatusCode.Forbidden, operatorAttempt.StatusCode);
        Assert.Contains("门店账号", await operatorAttempt.Content.ReadAsStringAsync());
        Assert.False(operatorAttempt.Headers.TryGetValues("Set-Cookie", out var cookies)
            && cookies.Any(c => c.StartsWith("wl_staff=", StringComparison.Ordinal)));
        Assert.Contains(await AuditAsync(), e => e.Action == AuditActions.SignInFailed && e.Actor == "li.operator" && e.Reason == "not a store account");

        var wrong = await SignInAsync(Browser(), "store-sh001", "not-the-password");
        Assert.Equal(HttpStatusCode.Unauthorized, wrong.StatusCode);

        var atConsole = await SignInAsync(Browser(), "store-sh001", "sh001-password-123", "/admin/login");
        Assert.Equal(HttpStatusCode.Forbidden, atConsole.StatusCode);
        var told = await atConsole.Content.ReadAsStringAsync();
        Assert.Contains("门店账号不能登录管理台", told);
        Assert.Contains("/staff/redeem", told);
        Assert.False(atConsole.Headers.TryGetValues("Set-Cookie", out var consoleCookies)
            && consoleCookies.Any(c => c.StartsWith("wl_admin=", StringComparison.Ordinal)));
        Assert.Contains(
            await AuditAsync(),
            e => e.Action == AuditActions.SignInFailed && e.Actor == "store-sh001" && e.Target == "console" && e.Reason == "store account");
    }

    [Fact]
    public async Task Check_shows_the_coupon_confirm_redeems_once_and_later_tries_are_told_when_and_where()
    {
        var code = await CouponAsync("13912340001");
        var sh001 = await StoreAsync();

        var (checkStatus, check) = await CheckAsync(sh001, code, "SH001");
        Assert.Equal(HttpStatusCode.OK, checkStatus);
        Assert.Contains("id=\"check-result\"", check);
        Assert.Contains("新客专享：中杯拿铁 5 元券", check);
        Assert.Contains(code, check);
        Assert.Contains("id=\"staff-validity\"", check);
        Assert.Contains("139****0001", check);
        Assert.DoesNotContain("13912340001", check);
        Assert.Contains("确认核销", check);
        Assert.Equal(0, await App.CountAsync<Redemption>()); // checking changes nothing

        var (status, done) = await ConfirmAsync(sh001, check);
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Contains("已核销", done);
        Assert.Contains("上海南京西路店", Regex.Match(done, "id=\"redeemed-store\">([^<]+)<").Groups[1].Value);
        Assert.Contains("（北京时间）", done);
        Assert.Contains("id=\"today\"", done);
        var coupon = await App.QueryAsync(db => db.Set<Coupon>().AsNoTracking().SingleAsync(c => c.Code == code));
        Assert.Equal((CouponStates.Redeemed, "SH001"), (coupon.State, coupon.RedeemedStore));

        // The same form again (a double tap, a reload): the first answer, not a second redemption.
        var (replayStatus, replay) = await ConfirmAsync(sh001, check);
        Assert.Equal(HttpStatusCode.OK, replayStatus);
        Assert.Contains("没有重复核销", replay);
        Assert.Equal(1, await App.CountAsync<Redemption>());

        var when = StaffTime(coupon.RedeemedAt!.Value);
        // A fresh check at the same store, and at another store's account: refused, with when and where.
        foreach (var (browser, store) in new[] { (sh001, "SH001"), (await StoreAsync("store-east", "east-password-456"), "SH002") })
        {
            var (refusedStatus, refused) = await CheckAsync(browser, code, store);
            Assert.Equal(HttpStatusCode.Conflict, refusedStatus);
            Assert.Contains(RedemptionProblem.AlreadyRedeemed.Title, refused);
            var detail = Regex.Match(refused, "id=\"refusal-detail\">(.+?)</p>", RegexOptions.Singleline).Groups[1].Value;
            Assert.Contains(when, detail);
            Assert.Contains("上海南京西路店", detail);
            Assert.DoesNotContain("确认核销", refused);
        }

        // A confirm form made before the coupon was used (a second phone at another store) is refused too.
        var east = await StoreAsync("store-east", "east-password-456");
        var (late, lateHtml) = await PostAsync(
            east,
            "/staff/redeem/confirm",
            new() { ["input"] = code, ["store"] = "SH002", ["key"] = "staff-another-form-key-1" });
        Assert.Equal(HttpStatusCode.Conflict, late);
        Assert.Contains(when, lateHtml);
        Assert.Equal(1, await App.CountAsync<Redemption>());
    }

    [Fact]
    public async Task The_rotating_token_from_the_coupon_page_checks_like_the_code_and_a_redemption_can_be_undone()
    {
        var code = await CouponAsync("13912340002");
        var coupon = await App.QueryAsync(db => db.Set<Coupon>().AsNoTracking().SingleAsync(c => c.Code == code));
        var token = new CouponToken(App.Services.GetRequiredService<Keyring>()).Create(coupon.CodeId, DateTime.UtcNow);
        var sh001 = await StoreAsync();

        var (_, check) = await CheckAsync(sh001, string.Join(' ', token.Chunk(4).Select(c => new string(c))), "SH001"); // as read aloud, in groups
        Assert.Contains(code, check);
        var (_, done) = await ConfirmAsync(sh001, check);
        Assert.Contains("已核销", done);

        var redemption = await App.QueryAsync(db => db.Set<Redemption>().AsNoTracking().SingleAsync());
        Assert.Contains($"name=\"redemption\" value=\"{redemption.Id}\"", done); // 撤销, within the window
        var (reverseStatus, reversed) = await PostAsync(sh001, "/staff/redeem/reverse", new() { ["redemption"] = redemption.Id, ["store"] = "SH001" });
        Assert.Equal(HttpStatusCode.OK, reverseStatus);
        Assert.Contains("id=\"reversed\"", reversed);
        Assert.Equal(CouponStates.Issued, (await App.QueryAsync(db => db.Set<Coupon>().AsNoTracking().SingleAsync(c => c.Code == code))).State);
        Assert.Contains("id=\"check-result\"", (await CheckAsync(sh001, code, "SH001")).Html); // usable again
    }

    [Fact]
    public async Task Every_form_needs_its_antiforgery_token()
    {
        var code = await CouponAsync("13912340003");
        var sh001 = await StoreAsync();
        var (_, check) = await CheckAsync(sh001, code, "SH001");

        var forgedCheck = await PostAsync(sh001, "/staff/redeem", new() { ["input"] = code, ["store"] = "SH001" }, withToken: false);
        Assert.Equal(HttpStatusCode.BadRequest, forgedCheck.Status);
        Assert.DoesNotContain("id=\"check-result\"", forgedCheck.Html);
        var forgedConfirm = await PostAsync(
            sh001,
            "/staff/redeem/confirm",
            new() { ["input"] = code, ["store"] = "SH001", ["key"] = Field(check, "key") },
            withToken: false);
        Assert.Equal(HttpStatusCode.BadRequest, forgedConfirm.Status);
        Assert.Contains("页面已过期", forgedConfirm.Html);
        Assert.Equal(0, await App.CountAsync<Redemption>());
        Assert.Equal(HttpStatusCode.BadRequest, (await PostAsync(sh001, "/staff/logout", [], withToken: false)).Status);
        Assert.Equal(HttpStatusCode.OK, (await sh001.GetAsync("/staff/redeem")).StatusCode); // still signed in
    }

    [Fact]
    public async Task A_store_account_given_other_stores_in_configuration_loses_its_session()
    {
        var sh001 = await StoreAsync();
        Assert.Equal(HttpStatusCode.OK, (await sh001.GetAsync("/staff/redeem")).StatusCode);

        App.Services.GetRequiredService<IConfiguration>()["Admin:Users:0:Store"] = "SH002";
        App.Services.GetRequiredService<IOptionsMonitorCache<AdminOptions>>().Clear();

        var after = await sh001.GetAsync("/staff/redeem");
        Assert.Equal(HttpStatusCode.Redirect, after.StatusCode);
        Assert.Contains("/staff/login", after.Headers.Location!.OriginalString);
        App.Services.GetRequiredService<IConfiguration>()["Admin:Users:0:Store"] = "SH001";
        App.Services.GetRequiredService<IOptionsMonitorCache<AdminOptions>>().Clear();
    }

    [Fact]
    public async Task Inside_wechat_the_page_loads_the_js_sdk_with_a_wx_config_signed_for_its_url()
    {
        var wechat = await StoreAsync(userAgent: "Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) AppleWebKit/605.1.15 Mobile/15E148 " +
            "MicroMessenger/8.0.50(0x1800322c) NetType/WIFI Language/zh_CN");
        var response = await wechat.GetAsync("/staff/redeem?store=SH001");
        var html = await response.Content.ReadAsStringAsync();

        Assert.Contains("https://res.wx.qq.com/open/js/jweixin-1.6.0.js", html);
        Assert.Contains("https://res.wx.qq.com", response.Headers.GetValues("Content-Security-Policy").Single());
        var ticket = Assert.Single(App.Sandbox.JsapiTickets);
        var expected = JsSdkSignature.Compute(
            ticket,
            Attribute(html, "data-nonce"),
            Attribute(html, "data-timestamp"),
            "http://localhost/staff/redeem?store=SH001");
        Assert.Equal(expected, Attribute(html, "data-signature"));
        await wechat.GetStringAsync("/staff/redeem");
        Assert.Single(App.Sandbox.JsapiTickets); // cached, not fetched per page

        var elsewhere = await (await StoreAsync()).GetAsync("/staff/redeem");
        Assert.DoesNotContain("jweixin", await elsewhere.Content.ReadAsStringAsync());
        Assert.DoesNotContain("res.wx.qq.com", elsewhere.Headers.GetValues("Content-Security-Policy").Single());
    }

    private static string Attribute(string html, string name) => Regex.Match(html, $"{name}=\"([^\"]*)\"").Groups[1].Value;

    private static string StaffTime(DateTime utc) =>
        DateTime.SpecifyKind(utc, DateTimeKind.Utc).AddHours(8).ToString("yyyy-MM-dd HH:mm", System.Globalization.CultureInfo.InvariantCulture);

    [GeneratedRegex("name=\"__RequestVerificationToken\" value=\"([^\"]+)\"")]
    private static partial Regex Token();
}

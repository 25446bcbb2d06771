using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using WechatLeads.Server.Admin;
using WechatLeads.Server.Campaigns;
using WechatLeads.Server.Coupons;
using WechatLeads.Server.Leads;
using WechatLeads.Server.Tests.Infrastructure;

namespace WechatLeads.Browser.Tests;

/// <summary>
/// An operator in Chromium adds a store, limits a coupon campaign to it with a fixed validity and hours (then
/// clears the fixed validity again), and voids a coupon from the campaign's coupons page.
/// </summary>
public sealed class CouponConsoleTests : IAsyncLifetime
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
    public async Task Stores_coupon_terms_and_voiding_work_from_the_console()
    {
        var page = await _browser.NewPageAsync(new BrowserNewPageOptions { ViewportSize = new ViewportSize { Width = 1100, Height = 900 }, Locale = "zh-CN" });
        var problems = new List<string>();
        page.Console += (_, message) => { if (message.Type == "error") problems.Add($"{message.Text} at {message.Location}"); };
        page.Dialog += async (_, dialog) => await dialog.AcceptAsync();
        await page.GotoAsync($"{_app.BaseUrl}/admin/stores");
        await page.FillAsync("input[name=name]", "li.marketing");
        await page.FillAsync("input[name=password]", "marketing-password-789");
        await page.ClickAsync("button[type=submit]");
        await page.WaitForURLAsync($"{_app.BaseUrl}/admin/stores");

        // The code goes into the address (PUT /admin/api/stores/SH701), not the body.
        await page.FillAsync("#add-store input[name=code]", "SH701");
        await page.FillAsync("#add-store input[name=name]", "南京西路店");
        await page.ClickAsync("#add-store button");
        await page.Locator("#stores td:has-text('SH701')").WaitForAsync();

        await page.GotoAsync($"{_app.BaseUrl}/admin/campaigns/spring-coupon/manage");
        var settings = page.Locator("#settings-form");
        await settings.Locator("input[name=couponStores][value=SH701]").CheckAsync();
        await settings.Locator("input[name=couponValidUntil]").FillAsync("2027-06-30T23:59");
        await settings.Locator("input[name=couponRedeemHours]").FillAsync("10:00-22:00");
        await settings.Locator("button[type=submit]").ClickAsync();
        await settings.Locator("output.ok").WaitForAsync();
        var campaign = await CampaignAsync();
        Assert.Equal(
            ("SH701", new DateTime(2027, 6, 30, 15, 59, 0), "10:00-22:00"),
            (campaign.CouponStores, campaign.CouponValidUntil!.Value, campaign.CouponRedeemHours));

        // Emptying the end date goes back to days from issue; unticking every store means every store.
        await page.ReloadAsync();
        await settings.Locator("input[name=couponValidUntil]").FillAsync("");
        await settings.Locator("input[name=couponStores][value=SH701]").UncheckAsync();
        await settings.Locator("button[type=submit]").ClickAsync();
        await settings.Locator("output.ok").WaitForAsync();
        campaign = await CampaignAsync();
        Assert.Equal((null, ""), (campaign.CouponValidUntil, campaign.CouponStores));

        var couponId = await SeedCouponAsync(campaign.Id);
        await page.GotoAsync($"{_app.BaseUrl}/admin/campaigns/spring-coupon/coupons?q=VOID-ME-1");
        Assert.Contains("137****2345", await page.Locator("#coupon-results").TextContentAsync());
        await page.FillAsync("form.void input[name=reason]", "误发给测试账号");
        await page.ClickAsync("form.void button");
        await page.Locator("#coupon-results td:has-text('已作废')").WaitForAsync();
        Assert.Equal(CouponStates.Voided, await _app.QueryAsync(db => db.Set<Coupon>().Where(c => c.Id == couponId).Select(c => c.State).SingleAsync()));
        Assert.True(problems.Count == 0, string.Join(Environment.NewLine, problems));
    }

    private Task<Campaign> CampaignAsync() => _app.QueryAsync(db => db.Set<Campaign>().AsNoTracking().SingleAsync(c => c.Slug == "spring-coupon"));

    private async Task<string> SeedCouponAsync(long campaignId)
    {
        var phones = _app.Services.GetRequiredService<PhoneProtector>();
        Assert.True(PhoneNumber.TryParse("13712342345", out var phone));
        var now = DateTime.UtcNow;
        await _app.QueryAsync(db =>
        {
            db.Add(new Person
            {
                Id = "p-void",
                PhoneIndex = phones.BlindIndex(phone.Value),
                PhoneCipher = phones.Encrypt(phone.Value),
                Proven = true,
                CreatedAt = now
            });
            db.Add(new Lead
            {
                Id = "l-void",
                CampaignId = campaignId,
                PersonId = "p-void",
                SubjectKey = "s-void",
                Channel = "h5",
                CreatedAt = now,
                ExpiresAt = now.AddDays(180)
            });
            db.Add(new Coupon
            {
                Id = "c-void",
                CampaignId = campaignId,
                LeadId = "l-void",
                SubjectKey = "s-void",
                CodeId = 990_001,
                Code = "VOID-ME-1",
                IssuedAt = now,
                ValidFrom = now,
                ValidUntil = now.AddDays(30),
            });
            return db.SaveChangesAsync();
        });
        return "c-void";
    }
}

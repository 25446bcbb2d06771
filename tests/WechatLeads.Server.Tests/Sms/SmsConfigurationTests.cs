using System.Net;
using System.Net.Http.Json;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.Configuration;
using WechatLeads.Server.Marketing;
using WechatLeads.Server.Sms;
using WechatLeads.Server.Tests.Infrastructure;
using WechatLeads.Server.Tests.Marketing;

namespace WechatLeads.Server.Tests.Sms;

/// <summary>Start-up checks of <c>Sms:*</c>, and scheduling refusing marketing the provider or template can't carry.</summary>
public sealed class SmsConfigurationTests
{
    private static readonly AdjustableClock Clock = new(AdjustableClock.ChinaTimeToday(10));

    private static async Task<string> RefusalAsync(IDictionary<string, string?> settings, string text = MarketingSendTests.Sms)
    {
        await using var app = SmsTestHost.Start(
            Clock,
            settings,
            settings["Sms:Provider"] == "Aliyun" ? SmsTestHost.AliyunFake(Clock) : SmsTestHost.TencentFake(Clock));
        var response = await app.CreateAdminClient(WechatLeadsFactory.OperatorKey).PostAsJsonAsync("/admin/api/marketing/sends",
            new { name = "冬季新品", channel = "sms", text, audience = new { campaign = "spring-coupon" } });
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(0, await app.CountAsync<MarketingSend>());
        return await response.Content.ReadAsStringAsync();
    }

    [Fact]
    public async Task Aliyun_marketing_is_refused_at_scheduling_unless_the_account_is_enterprise_verified()
    {
        Assert.Contains("Sms:Aliyun:EnterpriseVerified", await RefusalAsync(SmsTestHost.Aliyun(enterprise: false)));
    }

    [Fact]
    public async Task Tencent_marketing_that_promotes_a_draw_or_coupon_is_refused_at_scheduling()
    {
        var problem = await RefusalAsync(SmsTestHost.Tencent(), "【示例咖啡】进店领优惠券，详情见公众号。回复TD退订");
        Assert.Contains("腾讯云短信禁止推广抽奖和优惠券", problem);
    }

    [Fact]
    public async Task Marketing_on_a_notification_template_is_refused_at_scheduling()
    {
        var settings = SmsTestHost.Tencent();
        settings["Sms:Templates:Marketing:Type"] = "notification";
        Assert.Contains("Sms:Templates:Marketing:Type", await RefusalAsync(settings));
    }

    [Fact]
    public async Task Marketing_without_a_marketing_template_is_refused_at_scheduling()
    {
        var settings = SmsTestHost.Tencent();
        settings["Sms:Templates:Marketing:Id"] = "";
        Assert.Contains("Sms:Templates:Marketing:Id", await RefusalAsync(settings));
    }

    [Fact]
    public async Task A_carryable_marketing_send_is_scheduled()
    {
        await using var app = SmsTestHost.Start(Clock, SmsTestHost.Aliyun(enterprise: true), SmsTestHost.AliyunFake(Clock));
        var response = await app.CreateAdminClient(WechatLeadsFactory.OperatorKey).PostAsJsonAsync("/admin/api/marketing/sends",
            new { name = "冬季新品", channel = "sms", text = MarketingSendTests.Sms, audience = new { campaign = "spring-coupon" } });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
    }

    [Fact]
    public async Task Production_with_tencent_and_no_secret_key_fails_to_start_naming_the_key()
    {
        var settings = SmsTestHost.Tencent();
        settings.Remove("Sms:Tencent:SecretKey");
        foreach (var (key, value) in RealAccount) settings[key] = value;
        await using var app = new WechatLeadsFactory(settings: settings);
        await using var production = app.WithWebHostBuilder(b => b.UseEnvironment("Production"));

        var error = Assert.Throws<InvalidOperationException>(() => production.CreateClient());

        Assert.Contains("Sms:Tencent:SecretKey", error.Message);
        Assert.DoesNotContain("Sms:Tencent:SecretId", error.Message); // only what is wrong is named
    }

    [Fact]
    public async Task The_sandbox_sms_gateway_never_starts_in_production()
    {
        var settings = new Dictionary<string, string?>(RealAccount) { ["Sms:Provider"] = "Sandbox" };
        await using var app = new WechatLeadsFactory(settings: settings);
        await using var production = app.WithWebHostBuilder(b => b.UseEnvironment("Production"));

        var error = Assert.Throws<InvalidOperationException>(() => production.CreateClient());

        Assert.Contains("Sms:Provider=Sandbox", error.Message);
    }

    [Fact]
    public void Every_problem_names_its_key()
    {
        var problems = SmsOptionsValidation.Validate(new SmsOptions
        {
            Provider = "Aliyun",
            CallbackToken = "short",
            Aliyun = { AccessKeyId = "id", BaseUrl = "dysmsapi.aliyuncs.com" },
            Templates = { Verification = { Id = "SMS_1", Type = "marketing" } },
            CallbackAllowedIps = ["not-an-ip"],
        }, sandboxEnabled: false);

        Assert.Equal(
            ["Sms:Aliyun:AccessKeySecret", "Sms:Aliyun:SignName", "Sms:Aliyun:BaseUrl", "Sms:CallbackToken", "Sms:Templates:OptOutConfirmation:Id",
             "Sms:Templates:Verification:Type", "Sms:CallbackAllowedIps:0"],
            problems.Select(p => p.Split(' ')[0]));
    }

    [Fact]
    public void The_older_marketing_key_still_picks_the_provider()
    {
        var configuration = new Microsoft.Extensions.Configuration.ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?> { ["Marketing:SmsProvider"] = "Aliyun" }).Build();
        Assert.Equal("Aliyun", SmsOptionsValidation.EffectiveProvider(configuration, sandboxEnabled: true));
        Assert.Equal(
            "Sandbox",
            SmsOptionsValidation.EffectiveProvider(new Microsoft.Extensions.Configuration.ConfigurationBuilder().Build(), sandboxEnabled: true));
        Assert.Equal("", SmsOptionsValidation.EffectiveProvider(new Microsoft.Extensions.Configuration.ConfigurationBuilder().Build(), sandboxEnabled: false));
    }

    [Theory]
    [InlineData("ＴＤ")]
    [InlineData("r")]
    [InlineData(" 退订。")]
    public async Task The_sandbox_reply_uses_the_one_opt_out_word_list(string text)
    {
        await using var app = new WechatLeadsFactory(time: Clock);
        app.CreateClient();
        var person = (await MarketingSeed.LeadsAsync(app, 1))[0];

        var answer = await app.CreateClient().PostAsJsonAsync("/sandbox/sms/reply", new { phone = person.Phone, text });

        Assert.Contains("\"optedOut\":true", await answer.Content.ReadAsStringAsync());
        Assert.Contains(app.Sandbox.SmsMessages, m => m.Phone == person.Phone && m.Text.Contains("退订", StringComparison.Ordinal));
    }

    private static readonly Dictionary<string, string?> RealAccount = new()
    {
        ["Wechat:OfficialAccount:AppId"] = "wx1234567890",
        ["Wechat:OfficialAccount:AppSecret"] = "secret",
        ["Wechat:OfficialAccount:Token"] = "token",
        ["Wechat:OfficialAccount:EncodingAESKey"] = "abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG",
        ["Sandbox:Enabled"] = "false",
    };
}

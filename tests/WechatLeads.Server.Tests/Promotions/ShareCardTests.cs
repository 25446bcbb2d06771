using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using WechatLeads.Server.Campaigns;
using WechatLeads.Server.Platform;
using WechatLeads.Server.Tests.Infrastructure;
using WechatLeads.Wechat.Crypto;

namespace WechatLeads.Server.Tests.Promotions;

/// <summary>Campaign pages inside WeChat set a share card through a wx.config signed for their URL; sharing is never rewarded.</summary>
public sealed partial class ShareCardTests() : HostedTests(
    shareHost: true, settings: new Dictionary<string, string?> { ["RateLimits:PagesPerIpPerMinute"] = "100000" })
{
    private const string WechatUserAgent =
        "Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 Mobile Safari/537.36 MicroMessenger/8.0.50.2701(0x28003253) NetType/WIFI Language/zh_CN";

    /// <summary>A phone's browser (WeChat's when <paramref name="userAgent"/> says so) that went through the silent OAuth once.</summary>
    private async Task<HttpClient> SignedInAsync(string? userAgent = null) => (await App.SignedInFollowerAsync(userAgent: userAgent)).Browser;

    [Fact]
    public async Task Inside_wechat_the_landing_page_sets_its_share_card_with_a_wx_config_signed_for_its_url()
    {
        var wechat = await SignedInAsync(WechatUserAgent);
        var page = await wechat.GetAsync("/h5/c/spring-coupon?src=article");
        var html = await page.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Contains("<script src=\"https://res.wx.qq.com/open/js/jweixin-1.6.0.js\" defer></script>", html);
        Assert.Contains("<script src=\"/h5/share.js\" defer></script>", html);
        var policy = page.Headers.GetValues("Content-Security-Policy").Single();
        Assert.Contains("script-src 'self' https://res.wx.qq.com;", policy);
        Assert.DoesNotContain("unsafe-inline", policy.Split("script-src")[1].Split(';')[0]); // still no inline script
        Assert.Equal("送你一张中杯拿铁 5 元券", Attribute(html, "data-title"));
        Assert.Equal("新客填写手机号即可领取，全国门店可用，每人限领一张。", Attribute(html, "data-desc"));
        Assert.Equal("http://localhost/h5/c/spring-coupon?src=share", Attribute(html, "data-link"));

        var ticket = Assert.Single(App.Sandbox.JsapiTickets);
        var expected = JsSdkSignature.Compute(
            ticket,
            Attribute(html, "data-nonce"),
            Attribute(html, "data-timestamp"),
            "http://localhost/h5/c/spring-coupon?src=article");
        Assert.Equal(expected, Attribute(html, "data-signature"));
        Assert.Equal(SandboxCredentials.AppId, Attribute(html, "data-app-id"));

        var script = await App.CreateClient().GetAsync("/h5/share.js");
        Assert.Equal("text/javascript", script.Content.Headers.ContentType!.MediaType);
        var js = await script.Content.ReadAsStringAsync();
        Assert.Contains("updateAppMessageShareData", js);
        Assert.Contains("updateTimelineShareData", js);
    }

    [Fact]
    public async Task Outside_wechat_the_page_loads_no_script_at_all()
    {
        var browser = await SignedInAsync();
        var page = await browser.GetAsync("/h5/c/spring-coupon");
        var html = await page.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.DoesNotContain("<script", html);
        Assert.DoesNotContain("wx-share", html);
        Assert.Equal(SecurityHeaders.PagePolicy, page.Headers.GetValues("Content-Security-Policy").Single());
    }

    [Fact]
    public async Task Without_share_settings_the_card_is_the_campaign_title_and_the_start_of_its_description()
    {
        var wechat = await SignedInAsync(WechatUserAgent);
        var html = await wechat.GetStringAsync("/h5/c/lucky-draw");

        Assert.Equal("幸运大转盘：赢全年咖啡", Attribute(html, "data-title"));
        Assert.StartsWith("每天可抽 1 次", Attribute(html, "data-desc"));
        Assert.Equal("", Attribute(html, "data-img"));
    }

    [Fact]
    public async Task Sharing_can_not_be_rewarded_and_made_up_share_settings_are_refused()
    {
        var admin = App.CreateAdminClient(WechatLeadsFactory.OperatorKey);

        var rewarded = await admin.PostAsJsonAsync("/admin/api/campaigns", Definition("share-reward", new { title = "分享再抽一次", rewardDraws = 1 }));
        Assert.Equal(HttpStatusCode.BadRequest, rewarded.StatusCode);
        Assert.Contains("分享不能给奖励", await rewarded.Content.ReadAsStringAsync());

        var madeUp = await admin.PostAsJsonAsync("/admin/api/campaigns", Definition("share-extra", new { extraDrawsPerShare = 2 }));
        Assert.Equal(HttpStatusCode.BadRequest, madeUp.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await admin.GetAsync("/admin/api/campaigns/share-extra")).StatusCode);

        var viaEdit = await admin.PatchAsJsonAsync("/admin/api/campaigns/spring-coupon", new { share = new { rewardDraws = 3 } });
        Assert.Equal(HttpStatusCode.BadRequest, viaEdit.StatusCode);
        Assert.Contains("分享不能给奖励", await viaEdit.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task The_console_sets_the_card_and_the_definition_carries_it()
    {
        var admin = App.CreateAdminClient(WechatLeadsFactory.OperatorKey);
        var created = await admin.PostAsJsonAsync("/admin/api/campaigns",
            Definition("share-set", new { title = " 春季新品 ", imageUrl = "/images/spring.png" }));
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);

        var edited = await admin.PatchAsJsonAsync("/admin/api/campaigns/share-set",
            new { share = new { title = "春季新品尝鲜", description = "", imageUrl = "https://cdn.example.com/spring.jpg" } });
        Assert.Equal(HttpStatusCode.OK, edited.StatusCode);
        var share = (await edited.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("share");
        Assert.Equal("春季新品尝鲜", share.GetProperty("title").GetString());
        Assert.Equal(JsonValueKind.Null, share.GetProperty("description").ValueKind); // blank: the campaign's description stands in
        Assert.Equal("https://cdn.example.com/spring.jpg", share.GetProperty("imageUrl").GetString());

        var definition = await admin.GetFromJsonAsync<JsonElement>("/admin/api/campaigns/share-set/definition");
        Assert.Equal("春季新品尝鲜", definition.GetProperty("share").GetProperty("title").GetString());

        var wechat = await SignedInAsync(WechatUserAgent);
        var html = await wechat.GetStringAsync("/h5/c/share-set");
        Assert.Equal("https://cdn.example.com/spring.jpg", Attribute(html, "data-img"));

        var cleared = await admin.PatchAsJsonAsync("/admin/api/campaigns/share-set", new { share = new { } });
        Assert.Equal(JsonValueKind.Null, (await cleared.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("share").ValueKind);
    }

    [Theory]
    [InlineData("http://cdn.example.com/a.jpg")]
    [InlineData("//evil.example.com/a.jpg")]
    [InlineData("javascript:alert(1)")]
    [InlineData("/a b.jpg")]
    public void An_image_is_an_https_url_or_a_path_on_this_server(string imageUrl) =>
        Assert.Contains(new ShareDefinition { ImageUrl = imageUrl }.Problems(), p => p.StartsWith("分享图片须为", StringComparison.Ordinal));

    [Fact]
    public void Titles_and_descriptions_are_short_single_lines() => Assert.Equal(2, new ShareDefinition
    {
        Title = new string('题', ShareDefinition.MaxTitle + 1),
        Description = "第一行\n第二行",
        ImageUrl = "/ok.png",
    }.Problems().Count());

    [Fact]
    public async Task The_simulator_previews_the_card_and_checks_the_page_signature_against_the_sandbox_ticket()
    {
        var preview = await App.CreateClient().GetFromJsonAsync<JsonElement>("/sandbox/simulator/share/spring-coupon");

        Assert.Equal("送你一张中杯拿铁 5 元券", preview.GetProperty("card").GetProperty("title").GetString());
        Assert.True(preview.GetProperty("configured").GetBoolean());
        Assert.True(preview.GetProperty("signatureVerified").GetBoolean());
        var config = preview.GetProperty("wxConfig");
        var ticket = Assert.Single(App.Sandbox.JsapiTickets);
        Assert.Equal(JsSdkSignature.Compute(ticket, config.GetProperty("nonceStr").GetString()!, config.GetProperty("timestamp").GetInt64().ToString(),
            config.GetProperty("url").GetString()!), config.GetProperty("signature").GetString());
        var listed = await App.CreateClient().GetFromJsonAsync<JsonElement>("/sandbox/simulator/share");
        Assert.Contains(listed.EnumerateArray(), c => c.GetProperty("slug").GetString() == "spring-coupon");
    }

    private static string Attribute(string html, string name) => WebUtility.HtmlDecode(Regex.Match(html, $"{name}=\"([^\"]*)\"").Groups[1].Value);

    private static object Definition(string slug, object share) => new
    {
        slug,
        type = "coupon",
        title = "分享测试",
        description = "分享卡片的测试活动",
        startsAt = "2026-01-01T00:00:00Z",
        endsAt = "2030-01-01T00:00:00Z",
        status = "active",
        policyVersion = "2026-11",
        share,
        coupon = new { generate = new { prefix = "SHR-", count = 5 } },
    };
}

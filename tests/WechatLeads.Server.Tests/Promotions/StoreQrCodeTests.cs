using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using WechatLeads.Server.Campaigns;
using WechatLeads.Server.Leads;
using WechatLeads.Server.Tests.Infrastructure;
using WechatLeads.Server.Tests.Unsubscribe;

namespace WechatLeads.Server.Tests.Promotions;

public sealed class StoreQrCodeTests() : HostedTests(shareHost: true)
{

    [Theory]
    [InlineData(48001, 1, 502, "wechat_error")] // the account lacks the API (not verified): one answer
    [InlineData(-1, 4, 503, "wechat_unavailable")] // WeChat busy on the first try and the client's three retries
    public async Task A_qr_code_wechat_will_not_make_is_its_answer_not_a_500_and_nothing_is_saved(int errcode, int answers, int status, string code)
    {
        var admin = App.CreateAdminClient(WechatLeadsFactory.OperatorKey);
        App.Sandbox.InjectFault("cgi-bin/qrcode/create", errcode, times: answers); // all used up here: the host is shared
        var refused = await admin.PostAsJsonAsync("/admin/api/campaigns/spring-coupon/qrcodes", new { storeName = "故障店" + errcode });
        var body = await refused.Content.ReadAsStringAsync();
        Assert.True((int)refused.StatusCode == status, $"expected {status}, got {(int)refused.StatusCode}: {body}");
        var problem = JsonDocument.Parse(body).RootElement;
        Assert.Equal(code, problem.GetProperty("code").GetString());
        Assert.Equal($"cgi-bin/qrcode/create: errcode {errcode}", problem.GetProperty("detail").GetString());
        Assert.Equal(0, await App.QueryAsync(db => db.Set<StoreQrCode>().CountAsync(q => q.StoreName == "故障店" + errcode)));
    }

    [Fact]
    public async Task A_store_qr_code_attributes_the_follow_and_the_participation_to_the_store()
    {
        var admin = App.CreateAdminClient(WechatLeadsFactory.OperatorKey);
        var created = await admin.PostAsJsonAsync("/admin/api/campaigns/spring-coupon/qrcodes", new { storeName = "静安寺店" });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var qr = await created.Content.ReadFromJsonAsync<JsonElement>();
        var scene = qr.GetProperty("scene").GetString()!;
        Assert.Contains("showqrcode?ticket=", qr.GetProperty("imageUrl").GetString());

        // Creating it again gives the same code, not a second one.
        var again = await (await admin.PostAsJsonAsync(
            "/admin/api/campaigns/spring-coupon/qrcodes",
            new { storeName = "静安寺店" })).Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(scene, again.GetProperty("scene").GetString());

        // A new follower scans it: the welcome is the campaign link carrying the store.
        var follower = App.Sandbox.CreateFollower("扫码");
        var reply = await OptOutSteps.PushAsync(App, follower.OpenId, "subscribe", key: scene);
        Assert.Contains("静安寺店", reply.Reply);
        Assert.Contains($"/h5/c/spring-coupon?src=store&store={scene}", reply.Reply);

        // An existing follower scans it (SCAN event): the same link.
        var scan = await OptOutSteps.PushAsync(App, follower.OpenId, "scan", key: scene);
        Assert.Contains($"store={scene}", scan.Reply);

        var mp = await MiniProgramClient.LoginAsync(App);
        var joined = await mp.ParticipateAsync(
            "spring-coupon",
            new { consents = MiniProgramClient.Consents(), phoneCode = mp.PhoneCode("13900001111"), source = "store", store = scene });
        Assert.Equal(HttpStatusCode.Created, joined.StatusCode);
        var lead = await App.QueryAsync(db => db.Set<Lead>().AsNoTracking().SingleAsync(l => l.OpenId == mp.OpenId));
        Assert.Equal("静安寺店", lead.Store);
    }

    [Fact]
    public async Task A_store_qr_code_downloads_as_a_png_that_scans_to_its_url()
    {
        var admin = App.CreateAdminClient(WechatLeadsFactory.OperatorKey);
        var qr = await (await admin.PostAsJsonAsync(
            "/admin/api/campaigns/lucky-draw/qrcodes",
            new { storeName = "徐家汇店" })).Content.ReadFromJsonAsync<JsonElement>();
        var response = await admin.GetAsync(qr.GetProperty("pngUrl").GetString());
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("image/png", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains("徐家汇店", response.Content.Headers.ContentDisposition?.FileNameStar);

        var (pixels, width, height) = PngGray.Decode(await response.Content.ReadAsByteArrayAsync());
        Assert.True(width >= 500, $"{width} px is too small to print");
        var decoded = new ZXing.QrCode.QRCodeReader().decode(new ZXing.BinaryBitmap(new ZXing.Common.HybridBinarizer(
            new ZXing.RGBLuminanceSource(pixels, width, height, ZXing.RGBLuminanceSource.BitmapFormat.Gray8))));
        Assert.Equal(qr.GetProperty("url").GetString(), decoded?.Text);

        Assert.Equal(
            HttpStatusCode.NotFound,
            (await admin.GetAsync($"/admin/api/campaigns/spring-coupon/qrcodes/{qr.GetProperty("scene").GetString()}.png")).StatusCode);
    }

    [Fact]
    public async Task A_made_up_store_is_not_recorded()
    {
        var mp = await MiniProgramClient.LoginAsync(App);
        await mp.ParticipateAsync(
            "spring-coupon",
            new { consents = MiniProgramClient.Consents(), phoneCode = mp.PhoneCode("13900002222"), store = "st_forged" });
        var lead = await App.QueryAsync(db => db.Set<Lead>().AsNoTracking().SingleAsync(l => l.OpenId == mp.OpenId));
        Assert.Null(lead.Store);
    }

    [Fact]
    public async Task Store_qr_codes_need_an_admin_key()
    {
        var response = await App.CreateClient().PostAsJsonAsync("/admin/api/campaigns/spring-coupon/qrcodes", new { storeName = "x" });
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public async Task The_openapi_document_describes_the_mini_program_api()
    {
        var doc = await App.CreateClient().GetStringAsync("/openapi/v1.json");
        Assert.Contains("/api/mp/login", doc);
        Assert.Contains("/api/campaigns/{slug}/participations", doc);
        Assert.Contains("Idempotency-Key", doc);
    }
}

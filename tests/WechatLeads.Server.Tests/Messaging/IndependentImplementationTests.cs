using System.Net;
using System.Text;
using WechatLeads.Server.Messaging;
using WechatLeads.Server.Tests.Infrastructure;

namespace WechatLeads.Server.Tests.Messaging;

/// <summary>
/// A push produced by WeChat's own reference implementation (the WXBizMsgCrypt demo's published vector),
/// not by our code: the webhook must verify, decrypt and acknowledge it. The clock is set to the vector's
/// time so the 5-minute freshness rule holds.
/// </summary>
public sealed class IndependentImplementationTests
{
    private const string Encrypt =
        "hyzAe4OzmOMbd6TvGdIOO6uBmdJoD0Fk53REIHvxYtJlE2B655HuD0m8KUePWB3+LrPXo87wzQ1QLvbeUgmBM4x6F8PGHQHFVAFmOD2LdJF9Fr" +
        "XpbUAh0B5GIItb52sn896wVsMSHGuPE328HnRGBcrS7C41IzDWyWNlZkyyXwon8T332jisa+h6tEDYsVticbSnyU8dKOIbgU6ux5VTjg3yt+WG" +
        "zjlpKn6NPhRjpA912xMezR4kw6KWwMrCVKSVCZciVGCgavjIQ6X8tCOp3yZbGpy0VxpAe+77TszTfRd5RJSVO/HTnifJpXgCSUdUue1v6h0EIB" +
        "YYI1BD1DlD+C0CR8e6OewpusjZ4uBl9FyJvnhvQl+q5rv1ixrcpCumEPo5MJSgM9ehVsNPfUM669WuMyVWQLCzpu9GhglF2PE=";

    [Fact]
    public async Task A_push_from_the_official_reference_implementation_is_verified_decrypted_and_acknowledged()
    {
        await using var app = new WechatLeadsFactory(
            time: new ManualTimeProvider(DateTimeOffset.FromUnixTimeSeconds(1409735669)),
            settings: new Dictionary<string, string?>
            {
                ["Wechat:OfficialAccount:AppId"] = "wx2c2769f8efd9abc2",
                ["Wechat:OfficialAccount:AppSecret"] = "not-used-here",
                ["Wechat:OfficialAccount:Token"] = "spamtest",
                ["Wechat:OfficialAccount:EncodingAESKey"] = "abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG",
            });
        var client = app.CreateClient();
        var body = $"<xml><ToUserName><![CDATA[gh_10f6c3c3ac5a]]></ToUserName><Encrypt><![CDATA[{Encrypt}]]></Encrypt></xml>";
        var url = "/wechat?signature=16120ec1b8dbb870f510d87ce6bc2463eae6ca1a&timestamp=1409735669&nonce=1320562132"
                  + "&encrypt_type=aes&msg_signature=5d197aaffba7e9b25a30732f161a50dee96bd5fa";

        var response = await client.PostAsync(url, new StringContent(body, Encoding.UTF8, "text/xml"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("success", await response.Content.ReadAsStringAsync());
        Assert.Equal(1, await app.CountAsync<WebhookReceipt>());

        // The same push again (WeChat's retry) is recognised by its MsgId.
        var retry = await client.PostAsync(url, new StringContent(body, Encoding.UTF8, "text/xml"));
        Assert.Equal("success", await retry.Content.ReadAsStringAsync());
        Assert.Equal(1, await app.CountAsync<WebhookReceipt>());
    }

    [Fact]
    public async Task The_sandbox_is_not_reachable_once_a_real_account_is_configured()
    {
        await using var app = new WechatLeadsFactory(settings: new Dictionary<string, string?>
        {
            ["Wechat:OfficialAccount:AppId"] = "wx2c2769f8efd9abc2",
            ["Wechat:OfficialAccount:AppSecret"] = "secret",
            ["Wechat:OfficialAccount:Token"] = "spamtest",
            ["Wechat:OfficialAccount:MessageMode"] = "Plain",
        });
        var response = await app.CreateClient().GetAsync("/sandbox");
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }
}

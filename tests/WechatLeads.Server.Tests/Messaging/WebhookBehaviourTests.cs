using System.Net;
using System.Xml.Linq;
using WechatLeads.Server.Followers;
using WechatLeads.Server.Messaging;
using WechatLeads.Server.Tests.Infrastructure;

namespace WechatLeads.Server.Tests.Messaging;

/// <summary>On an account in plain mode, which also accepts AES pushes; safe-mode refusals are in <see cref="SafeModeWebhookTests"/>.</summary>
public sealed class WebhookBehaviourTests() : HostedTests(PlainModeWebhookTests.PlainMode)
{
    private readonly WechatPush _push = new();
    private HttpClient _client = null!;

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        _client = App.CreateClient();
    }

    [Fact]
    public async Task A_plain_text_push_is_acknowledged_with_success_and_recorded_once()
    {
        var response = await _client.SendAsync(_push.Plain(WechatPush.Text(WechatPush.NewOpenId(), "你好")));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("success", await response.Content.ReadAsStringAsync());
        Assert.Equal(1, await App.CountAsync<WebhookReceipt>());
    }

    [Fact]
    public async Task Subscribe_in_plain_mode_gets_a_plain_welcome_pointing_to_the_current_promotion()
    {
        var openId = WechatPush.NewOpenId();
        var response = await _client.SendAsync(_push.Plain(WechatPush.Event(openId, "subscribe")));
        var reply = XDocument.Parse(await response.Content.ReadAsStringAsync()).Root!;
        Assert.Equal(openId, reply.Element("ToUserName")!.Value);
        Assert.Equal(WechatPush.AccountId, reply.Element("FromUserName")!.Value);
        Assert.Equal("text", reply.Element("MsgType")!.Value);
        Assert.Contains("http://localhost/h5/c/spring-coupon", reply.Element("Content")!.Value);
        Assert.True(await App.QueryAsync(db => Task.FromResult(db.Set<Follower>().Any(f => f.OpenId == openId && f.Subscribed))));
    }

    [Fact]
    public async Task Subscribe_in_safe_mode_gets_an_encrypted_signed_reply()
    {
        var openId = WechatPush.NewOpenId();
        var response = await _client.SendAsync(_push.Safe(WechatPush.Event(openId, "subscribe", "qrscene_store-42", ticket: "T1")));
        var body = await response.Content.ReadAsStringAsync();
        var envelope = XDocument.Parse(body).Root!;
        Assert.NotNull(envelope.Element("Encrypt"));
        Assert.NotNull(envelope.Element("MsgSignature"));
        Assert.NotNull(envelope.Element("TimeStamp"));
        Assert.NotNull(envelope.Element("Nonce"));
        var reply = XDocument.Parse(_push.OpenReply(body)).Root!;
        Assert.Equal(openId, reply.Element("ToUserName")!.Value);
        Assert.Contains("优惠券", reply.Element("Content")!.Value);
        var scene = await App.QueryAsync(db => Task.FromResult(db.Set<Follower>().Single(f => f.OpenId == openId).SubscribeScene));
        Assert.Equal("store-42", scene);
    }

    [Theory]
    [InlineData("image")]
    [InlineData("shortvideo")]
    [InlineData("miniprogrampage")]
    public async Task Message_types_nobody_handles_are_answered_with_success(string msgType)
    {
        var xml = $"<xml><ToUserName><![CDATA[gh_x]]></ToUserName><FromUserName><![CDATA[{WechatPush.NewOpenId()}]]></FromUserName><CreateTime>" +
            $"{WechatPush.Now}</CreateTime><MsgType><![CDATA[{msgType}]]></MsgType><MsgId>77</MsgId></xml>";
        var response = await _client.SendAsync(_push.Safe(xml));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("success", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Unknown_events_are_answered_with_success()
    {
        var response = await _client.SendAsync(_push.Plain(WechatPush.Event(WechatPush.NewOpenId(), "some_future_event", "k")));
        Assert.Equal("success", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task A_subscribe_delivered_three_times_at_once_is_handled_once()
    {
        var openId = WechatPush.NewOpenId();
        var xml = WechatPush.Event(openId, "subscribe", at: WechatPush.Now);
        var responses = await Task.WhenAll(Enumerable.Range(0, 3).Select(_ => _client.SendAsync(_push.Safe(xml))));
        var bodies = await Task.WhenAll(responses.Select(r => r.Content.ReadAsStringAsync()));
        Assert.All(responses, r => Assert.Equal(HttpStatusCode.OK, r.StatusCode));
        Assert.Equal(1, bodies.Count(b => b.Contains("<Encrypt>", StringComparison.Ordinal)));
        Assert.Equal(2, bodies.Count(b => b == "success"));
        Assert.Equal(1, await App.CountAsync<WebhookReceipt>());
    }

    [Fact]
    public async Task The_same_text_message_delivered_again_later_is_a_duplicate()
    {
        var xml = WechatPush.Text(WechatPush.NewOpenId(), "hello", msgId: "6054768590064713728");
        await _client.SendAsync(_push.Plain(xml));
        var again = await _client.SendAsync(_push.Plain(xml));
        Assert.Equal("success", await again.Content.ReadAsStringAsync());
        Assert.Equal(1, await App.CountAsync<WebhookReceipt>());
    }

    [Fact]
    public async Task Health_reports_database_and_jobs()
    {
        var response = await _client.GetAsync("/healthz");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("Healthy", await response.Content.ReadAsStringAsync());
    }
}

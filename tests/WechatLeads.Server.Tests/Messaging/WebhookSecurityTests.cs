using System.Net;
using System.Text;
using WechatLeads.Server.Messaging;
using WechatLeads.Server.Platform;
using WechatLeads.Server.Tests.Infrastructure;
using WechatLeads.Wechat.Crypto;

namespace WechatLeads.Server.Tests.Messaging;

/// <summary>On an account in plain mode, which also accepts AES pushes; safe-mode refusals are in <see cref="SafeModeWebhookTests"/>.</summary>
public sealed class WebhookSecurityTests() : HostedTests(PlainModeWebhookTests.PlainMode)
{
    private readonly WechatPush _push = new();
    private HttpClient _client = null!;

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        _client = App.CreateClient();
    }

    [Fact]
    public async Task Verification_echoes_echostr_when_the_signature_matches()
    {
        var ts = WechatPush.Now.ToString();
        var sig = WechatSignature.Compute(SandboxCredentials.Token, ts, "12345");
        var response = await _client.GetAsync($"/wechat?signature={sig}&timestamp={ts}&nonce=12345&echostr=hello-wechat");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("hello-wechat", await response.Content.ReadAsStringAsync());
    }

    [Theory]
    [InlineData("0000000000000000000000000000000000000000")]
    [InlineData("")]
    [InlineData("short")]
    public async Task Verification_with_a_forged_signature_is_refused_with_401_and_no_echo(string signature)
    {
        var response = await _client.GetAsync($"/wechat?signature={signature}&timestamp={WechatPush.Now}&nonce=1&echostr=secret-echo");
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.DoesNotContain("secret-echo", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task A_plain_push_with_a_forged_signature_is_refused_and_nothing_is_stored()
    {
        var response = await _client.SendAsync(_push.Plain(WechatPush.Text(WechatPush.NewOpenId(), "hello"), signature: new string('a', 40)));
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal(0, await App.CountAsync<WebhookReceipt>());
    }

    [Fact]
    public async Task A_safe_push_with_a_forged_msg_signature_is_refused_and_nothing_is_stored()
    {
        var response = await _client.SendAsync(_push.Safe(WechatPush.Event(WechatPush.NewOpenId(), "CLICK", "UNSUBSCRIBE"), msgSignature: new string('b', 40)));
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal(0, await App.CountAsync<WebhookReceipt>());
    }

    [Fact]
    public async Task A_push_signed_with_another_token_is_refused()
    {
        var stranger = new WechatPush(token: "someone-else");
        var response = await _client.SendAsync(stranger.Plain(WechatPush.Text(WechatPush.NewOpenId(), "hi")));
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Theory]
    [InlineData(-310)]
    [InlineData(310)]
    [InlineData(-86400)]
    public async Task A_timestamp_more_than_five_minutes_from_the_server_clock_is_refused(int skewSeconds)
    {
        var response = await _client.SendAsync(_push.Plain(WechatPush.Text(WechatPush.NewOpenId(), "hi"), timestamp: WechatPush.Now + skewSeconds));
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal(0, await App.CountAsync<WebhookReceipt>());
    }

    [Fact]
    public async Task A_timestamp_within_five_minutes_is_accepted()
    {
        var response = await _client.SendAsync(_push.Plain(WechatPush.Text(WechatPush.NewOpenId(), "hi"), timestamp: WechatPush.Now - 240));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task A_body_over_one_mebibyte_is_refused_with_413()
    {
        var huge = WechatPush.Text(WechatPush.NewOpenId(), new string('x', 1024 * 1024 + 10));
        var response = await _client.SendAsync(_push.Plain(huge));
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.Equal(0, await App.CountAsync<WebhookReceipt>());
    }

    [Fact]
    public async Task A_chunked_body_over_one_mebibyte_without_content_length_is_refused_with_413()
    {
        var request = _push.Plain("");
        request.Content = new StreamContent(new MemoryStream(Encoding.UTF8.GetBytes(WechatPush.Text("o1", new string('y', 1024 * 1024 + 10)))));
        request.Headers.TransferEncodingChunked = true;
        var response = await _client.SendAsync(request);
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
    }

    [Theory]
    [InlineData("<xml><ToUserName>broken")]
    [InlineData("not xml at all")]
    [InlineData("<xml><MsgType><![CDATA[text]]></MsgType></xml>")]
    [InlineData("")]
    public async Task Malformed_xml_is_refused_with_400(string body)
    {
        var response = await _client.SendAsync(_push.Plain(body));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    public static TheoryData<string> HostileDocuments => new()
    {
        // External entity (XXE): would read a local file if entities were resolved.
        """<?xml version="1.0"?><!DOCTYPE xml [<!ENTITY xxe SYSTEM "file:///etc/passwd">]><xml><ToUserName>a</ToUserName><FromUserName>b</FromUserName>""" +
        """<CreateTime>1</CreateTime><MsgType>text</MsgType><Content>&xxe;</Content><MsgId>1</MsgId></xml>""",
        // Billion laughs: exponential entity expansion.
        """<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;"><!ENTITY lol3 "&lol2;""" +
        """&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">]><xml><ToUserName>a</ToUserName><FromUserName>b</FromUserName><CreateTime>1</""" +
        """CreateTime><MsgType>text</MsgType><Content>&lol3;</Content><MsgId>1</MsgId></xml>""",
        // External DTD fetch.
        """<?xml version="1.0"?><!DOCTYPE xml SYSTEM "http://127.0.0.1:1/evil.dtd"><xml><ToUserName>a</ToUserName><FromUserName>b</FromUserName>""" +
        """<CreateTime>1</CreateTime><MsgType>text</MsgType><Content>x</Content><MsgId>1</MsgId></xml>""",
    };

    [Theory]
    [MemberData(nameof(HostileDocuments))]
    public async Task Documents_with_a_DTD_are_refused_in_plain_mode(string xml)
    {
        var response = await _client.SendAsync(_push.Plain(xml));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(0, await App.CountAsync<WebhookReceipt>());
    }

    [Theory]
    [MemberData(nameof(HostileDocuments))]
    public async Task Documents_with_a_DTD_are_refused_inside_a_correctly_encrypted_push(string xml)
    {
        var response = await _client.SendAsync(_push.Safe(xml));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(0, await App.CountAsync<WebhookReceipt>());
    }

    [Fact]
    public async Task A_safe_push_encrypted_for_another_appid_is_refused()
    {
        var otherApp = new WechatPush(appId: "wx0000000000000000");
        var response = await _client.SendAsync(otherApp.Safe(WechatPush.Text(WechatPush.NewOpenId(), "hi")));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }
}

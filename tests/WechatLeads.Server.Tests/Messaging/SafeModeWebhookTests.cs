using System.Diagnostics;
using System.Net;
using Microsoft.EntityFrameworkCore;
using WechatLeads.Server.Messaging;
using WechatLeads.Server.Tests.Infrastructure;
using WechatLeads.Server.Unsubscribe;
using WechatLeads.Wechat.Messages;

namespace WechatLeads.Server.Tests.Messaging;

/// <summary>The sandbox account has an EncodingAESKey, so with no MessageMode it is in safe mode.</summary>
public sealed class SafeModeWebhookTests() : HostedTests
{
    private readonly WechatPush _push = new();
    private HttpClient _client = null!;

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        _client = App.CreateClient();
    }

    [Fact]
    public async Task A_correctly_signed_plaintext_push_is_refused_and_nothing_it_says_is_done()
    {
        var openId = WechatPush.NewOpenId();
        var response = await _client.SendAsync(_push.Plain(WechatPush.Event(openId, "CLICK", "UNSUBSCRIBE")));
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal(0, await App.CountAsync<WebhookReceipt>());
        Assert.False(await App.QueryAsync(db => db.Set<OptOut>().AnyAsync(o => o.OpenId == openId)));
    }

    [Fact]
    public async Task An_aes_push_is_accepted()
    {
        var response = await _client.SendAsync(_push.Safe(WechatPush.Text(WechatPush.NewOpenId(), "你好")));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(1, await App.CountAsync<WebhookReceipt>());
    }

    [Fact]
    public async Task A_malformed_msg_signature_is_refused_before_the_body_is_read()
    {
        var request = _push.Safe(WechatPush.Text(WechatPush.NewOpenId(), "hi"), msgSignature: "not-a-signature");
        var response = await _client.SendAsync(request);
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Theory]
    [MemberData(nameof(HostilePushShapes.Envelopes), MemberType = typeof(HostilePushShapes))]
    public async Task A_megabyte_envelope_of_a_hostile_shape_is_refused_in_well_under_a_second(string envelope)
    {
        await _client.SendAsync(_push.Safe(WechatPush.Text(WechatPush.NewOpenId(), "warm-up"))); // JIT, not the parser, on the clock below
        var clock = Stopwatch.StartNew();
        var response = await _client.SendAsync(_push.SafeRaw(envelope, "any", msgSignature: new string('c', 40)));
        clock.Stop();
        Assert.True(response.StatusCode is HttpStatusCode.BadRequest or HttpStatusCode.Unauthorized, $"answered {response.StatusCode}");
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(1), $"took {clock.Elapsed}");
    }

    [Fact]
    public void The_envelope_scanner_refuses_too_many_text_nodes_without_reading_further()
    {
        var fine = "<xml><Encrypt>\n  <![CDATA[QUJD]]>\n</Encrypt></xml>";
        Assert.Equal("QUJD", EnvelopeScanner.Read(fine).Encrypt);
        var five = "<xml><Encrypt>" + string.Concat(Enumerable.Repeat("<![CDATA[Q]]>", EnvelopeScanner.MaxTextNodes + 1)) + "</Encrypt></xml>";
        Assert.Throws<WechatMessageFormatException>(() => EnvelopeScanner.Read(five));
    }
}

/// <summary>Compatible mode: the envelope carries plaintext fields beside Encrypt; only the decrypted ones count.</summary>
public sealed class CompatibleModeWebhookTests() : HostedTests(new Dictionary<string, string?> { ["Wechat:OfficialAccount:MessageMode"] = "Compatible" })
{
    [Fact]
    public async Task Only_the_decrypted_content_is_believed_never_the_plaintext_beside_it()
    {
        var victim = WechatPush.NewOpenId();
        var sender = WechatPush.NewOpenId();
        var push = new WechatPush();
        var encrypt = push.Encrypt(WechatPush.Text(sender, "你好"));
        // The plaintext half says the victim replied TD; the signed, encrypted half says someone else said hello.
        var envelope = $"<xml><ToUserName><![CDATA[{WechatPush.AccountId}]]></ToUserName><FromUserName><![CDATA[{victim}]]></FromUserName>" +
            $"<CreateTime>{WechatPush.Now}</CreateTime><MsgType><![CDATA[text]]></MsgType><Content><![CDATA[TD]]></Content><MsgId>1</MsgId>" +
            $"<Encrypt><![CDATA[{encrypt}]]></Encrypt></xml>";
        var response = await App.CreateClient().SendAsync(push.SafeRaw(envelope, encrypt));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        await Eventually.SettleAsync();
        Assert.False(await App.QueryAsync(db => db.Set<OptOut>().AnyAsync(o => o.OpenId == victim)));
    }

    [Fact]
    public async Task A_plaintext_push_is_refused()
    {
        var response = await App.CreateClient().SendAsync(new WechatPush().Plain(WechatPush.Event(WechatPush.NewOpenId(), "unsubscribe")));
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }
}

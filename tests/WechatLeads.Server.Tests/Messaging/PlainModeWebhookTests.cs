using System.Diagnostics;
using System.Net;
using System.Security.Cryptography;
using Microsoft.EntityFrameworkCore;
using WechatLeads.Server.Messaging;
using WechatLeads.Server.Tests.Infrastructure;
using WechatLeads.Server.Unsubscribe;
using WechatLeads.Wechat.Crypto;

namespace WechatLeads.Server.Tests.Messaging;

/// <summary>
/// Plain mode: the signature covers (token, timestamp, nonce) only, so a URL seen once — in an access log,
/// an APM trace — is a valid signature for any body while the timestamp is fresh. These are the defences.
/// </summary>
public sealed class PlainModeWebhookTests() : HostedTests(shareHost: true, settings: PlainMode)
{
    public static readonly IDictionary<string, string?> PlainMode = new Dictionary<string, string?> { ["Wechat:OfficialAccount:MessageMode"] = "Plain" };

    private readonly WechatPush _push = new();

    [Theory]
    [MemberData(nameof(HostilePushShapes.PlainPushes), MemberType = typeof(HostilePushShapes))]
    public async Task A_megabyte_push_of_a_hostile_shape_is_refused_in_well_under_a_second_even_with_a_valid_signature(string xml)
    {
        var client = App.CreateClient();
        await client.SendAsync(_push.Plain(WechatPush.Text(WechatPush.NewOpenId(), "warm-up")));
        var clock = Stopwatch.StartNew();
        var response = await client.SendAsync(_push.Plain(xml));
        clock.Stop();
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(1), $"took {clock.Elapsed}");
    }

    [Fact]
    public async Task A_signature_seen_on_one_push_is_refused_on_another_and_nothing_that_one_says_is_done()
    {
        var client = App.CreateClient();
        var (ts, nonce) = (WechatPush.Now, RandomNumberGenerator.GetInt32(1, int.MaxValue).ToString());
        var leaked = WechatSignature.Compute(_push.Token, ts.ToString(), nonce);
        var genuine = await client.SendAsync(_push.Plain(WechatPush.Text(WechatPush.NewOpenId(), "你好"), ts, leaked, nonce));
        Assert.Equal(HttpStatusCode.OK, genuine.StatusCode);

        var victim = WechatPush.NewOpenId();
        var forged = await client.SendAsync(_push.Plain(WechatPush.Event(victim, "CLICK", "UNSUBSCRIBE"), ts, leaked, nonce));
        Assert.Equal(HttpStatusCode.Unauthorized, forged.StatusCode);
        await Eventually.SettleAsync();
        Assert.False(await App.QueryAsync(db => db.Set<OptOut>().AnyAsync(o => o.OpenId == victim)));
        Assert.Equal(1, await App.QueryAsync(db => db.Set<WebhookReceipt>().CountAsync(r => r.Signature != null)));
    }

    [Fact]
    public async Task The_same_push_sent_again_with_its_own_signature_is_a_duplicate_answered_success()
    {
        var client = App.CreateClient();
        var (ts, nonce) = (WechatPush.Now, RandomNumberGenerator.GetInt32(1, int.MaxValue).ToString());
        var signature = WechatSignature.Compute(_push.Token, ts.ToString(), nonce);
        var xml = WechatPush.Text(WechatPush.NewOpenId(), "再说一遍");
        Assert.Equal(HttpStatusCode.OK, (await client.SendAsync(_push.Plain(xml, ts, signature, nonce))).StatusCode);
        var again = await client.SendAsync(_push.Plain(xml, ts, signature, nonce));
        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        Assert.Equal("success", await again.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Another_instance_on_the_same_database_refuses_the_replay_too()
    {
        await using var second = App.SameDatabase(runJobs: false, settings: PlainMode);
        var (ts, nonce) = (WechatPush.Now, RandomNumberGenerator.GetInt32(1, int.MaxValue).ToString());
        var leaked = WechatSignature.Compute(_push.Token, ts.ToString(), nonce);
        Assert.Equal(
            HttpStatusCode.OK,
            (await App.CreateClient().SendAsync(_push.Plain(WechatPush.Text(WechatPush.NewOpenId(), "一"), ts, leaked, nonce))).StatusCode);
        var replay = await second.CreateClient().SendAsync(_push.Plain(WechatPush.Text(WechatPush.NewOpenId(), "二"), ts, leaked, nonce));
        Assert.Equal(HttpStatusCode.Unauthorized, replay.StatusCode);
    }
}

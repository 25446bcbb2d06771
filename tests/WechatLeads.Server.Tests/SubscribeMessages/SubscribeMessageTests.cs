using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using WechatLeads.Server.Platform;
using WechatLeads.Server.Sandbox;
using WechatLeads.Server.SubscribeMessages;
using WechatLeads.Server.Tests.Infrastructure;
using WechatLeads.Wechat.Messages;

namespace WechatLeads.Server.Tests.SubscribeMessages;

/// <summary>
/// 订阅消息: the grant ledger fed by WeChat's signed pushes and the mini-program's reports, one send per accept under
/// parallel sends, 43101 never retried, and the coupon expiry reminder — for the person who subscribed only.
/// </summary>
public sealed class SubscribeMessageTests : IAsyncLifetime
{
    private readonly AdjustableClock _clock = new(DateTimeOffset.UtcNow);
    private WechatLeadsFactory _app = null!;

    public Task InitializeAsync()
    {
        _app = new WechatLeadsFactory(time: _clock);
        _app.CreateClient();
        return Task.CompletedTask;
    }

    public async Task DisposeAsync() => await _app.DisposeAsync();

    /// <summary>The popup, as WeChat does it: it holds the accepts and pushes the answer, signed, to the mini-program's push URL.</summary>
    private async Task AcceptAsync(string openId, string templateId, int times = 1)
    {
        for (var i = 0; i < times; i++)
        {
            // Two identical answers in the same second are one push retried, as far as anyone can tell: a person's
            // second tap comes later.
            if (i > 0) _clock.Advance(TimeSpan.FromSeconds(1));
            var answer = await _app.CreateClient()
                .PostAsJsonAsync("/sandbox/simulator/mp/subscribe", new { openId, templateIds = new[] { templateId }, result = "accept" });
            Assert.Equal(200, (await answer.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("status").GetInt32());
        }
    }

    private Task<List<SubscriptionGrant>> GrantsAsync(string openId) =>
        _app.QueryAsync(db => db.Set<SubscriptionGrant>().AsNoTracking().Where(g => g.OpenId == openId).OrderBy(g => g.Id).ToListAsync());

    private async Task<string> SendAsync(string reference, string subjectKey, string purpose = SubscribePurposes.CouponExpiry)
    {
        await using var scope = _app.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<SubscribeMessenger>().SendAsync(purpose, reference, subjectKey, new Dictionary<string, string>
        {
            ["prize"] = "拿铁立减 5 元",
            ["code"] = "LATTE5-0001",
            ["expiresAt"] = "2026年12月31日 23:59",
            ["note"] = "您的券即将到期",
        }, CancellationToken.None);
    }

    [Fact]
    public async Task The_popup_push_and_the_mini_programs_report_of_the_same_tap_count_once()
    {
        var mp = await MiniProgramClient.LoginAsync(_app);
        await AcceptAsync(mp.OpenId, SandboxTemplates.CouponExpiry);
        var reported = await mp.Http.PostAsJsonAsync("/api/subscriptions", new { templateId = SandboxTemplates.CouponExpiry, result = "accept" });
        Assert.Equal(HttpStatusCode.Created, reported.StatusCode);
        Assert.Equal(1, (await reported.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("openGrants").GetInt32());

        var grant = Assert.Single(await GrantsAsync(mp.OpenId));
        Assert.Equal((SubscriptionStatuses.Accept, SubscriptionSources.Push), (grant.Status, grant.Source));
        Assert.NotNull(grant.ConfirmedAt);

        var unknown = await mp.Http.PostAsJsonAsync("/api/subscriptions", new { templateId = "not-a-configured-template", result = "accept" });
        Assert.Equal(HttpStatusCode.BadRequest, unknown.StatusCode);
        Assert.Equal("unknown_template", (await unknown.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("code").GetString());
    }

    [Fact]
    public async Task A_grant_is_spent_exactly_once_when_ten_sends_race_for_it()
    {
        var mp = await MiniProgramClient.LoginAsync(_app);
        await AcceptAsync(mp.OpenId, SandboxTemplates.CouponExpiry, times: 2);
        var subject = (await GrantsAsync(mp.OpenId))[0].SubjectKey;

        var outcomes = await Task.WhenAll(Enumerable.Range(0, 10).Select(i => Task.Run(() => SendAsync($"race-{i}", subject))));

        Assert.Equal(2, outcomes.Count(o => o == SubscribeSendStatuses.Sent));
        Assert.Equal(8, outcomes.Count(o => o == SubscribeSendStatuses.NoGrant));
        Assert.Equal(2, _app.Sandbox.SubscribeMessages.Count(m => m.OpenId == mp.OpenId));
        Assert.All(await GrantsAsync(mp.OpenId), g => Assert.NotNull(g.SpentAt));
        Assert.Equal("already_handled", await SendAsync("race-0", subject)); // the same notice again: nothing
    }

    [Fact]
    public async Task WeChat_saying_43101_spends_the_grant_and_the_notice_is_skipped_not_retried()
    {
        var mp = await MiniProgramClient.LoginAsync(_app);
        // Reported by the mini-program, but WeChat holds nothing (the person turned it off elsewhere).
        Assert.Equal(
            HttpStatusCode.Created,
            (await mp.Http.PostAsJsonAsync("/api/subscriptions", new { templateId = SandboxTemplates.CouponExpiry, result = "accept" })).StatusCode);
        var subject = (await GrantsAsync(mp.OpenId))[0].SubjectKey;
        var callsBefore = _app.Sandbox.ApiCalls("cgi-bin/message/subscribe/send");

        Assert.Equal(SubscribeSendStatuses.NoGrant, await SendAsync("first", subject));
        Assert.Equal(SubscribeSendStatuses.NoGrant, await SendAsync("second", subject)); // no grant left: WeChat is not asked

        Assert.Equal(callsBefore + 1, _app.Sandbox.ApiCalls("cgi-bin/message/subscribe/send"));
        Assert.Equal("no_grant", Assert.Single(await GrantsAsync(mp.OpenId)).SpentFor);
        var first = await _app.QueryAsync(db => db.Set<SubscribeSend>().AsNoTracking().SingleAsync(s => s.Reference == "first"));
        Assert.Equal((SubscribeSendStatuses.NoGrant, (int?)43101), (first.Status, first.ErrorCode));
    }

    [Fact]
    public async Task Turning_a_template_off_in_settings_voids_the_open_grants()
    {
        var mp = await MiniProgramClient.LoginAsync(_app);
        await AcceptAsync(mp.OpenId, SandboxTemplates.Shipping, times: 2);
        var push = WechatPush.MiniProgram();
        var xml = InboundMessageWriter.SubscribeEvent(SandboxCredentials.MiniProgramOriginalId, mp.OpenId, WechatPush.Now, SubscribeMessageEvent.Change,
            "SubscribeMsgChangeEvent", [[("TemplateId", SandboxTemplates.Shipping), ("SubscribeStatusString", "reject")]]);
        var response = await _app.CreateClient().SendAsync(push.Safe(xml));
        Assert.Equal("success", await response.Content.ReadAsStringAsync());

        var grants = await GrantsAsync(mp.OpenId);
        Assert.Equal(2, grants.Count(g => g.Status == SubscriptionStatuses.Accept && g.SpentFor == "turned_off"));
        Assert.Single(grants, g => g.Status == SubscriptionStatuses.Reject);
    }

    [Fact]
    public async Task An_expiry_reminder_reaches_the_winner_who_subscribed_and_skips_the_one_who_did_not()
    {
        var subscriber = await MiniProgramClient.LoginAsync(_app);
        var other = await MiniProgramClient.LoginAsync(_app);
        Assert.Equal(HttpStatusCode.Created, (await subscriber.JoinAsync("spring-coupon", "13911110001")).StatusCode);
        Assert.Equal(HttpStatusCode.Created, (await other.JoinAsync("spring-coupon", "13911110002")).StatusCode);
        await AcceptAsync(subscriber.OpenId, SandboxTemplates.CouponExpiry);

        _clock.Advance(TimeSpan.FromDays(28)); // 30-day coupons: two days left
        await using (var scope = _app.Services.CreateAsyncScope())
            await scope.ServiceProvider.GetRequiredService<CouponExpiryReminders>().RunAsync(CancellationToken.None);

        var notice = Assert.Single(_app.Sandbox.SubscribeMessages);
        Assert.Equal((subscriber.OpenId, SandboxTemplates.CouponExpiry), (notice.OpenId, notice.TemplateId));
        Assert.StartsWith("LATTE5-", notice.Data["character_string2"]);
        var sends = await _app.QueryAsync(db => db.Set<SubscribeSend>().AsNoTracking().Where(s => s.Purpose == SubscribePurposes.CouponExpiry).ToListAsync());
        Assert.Equal([SubscribeSendStatuses.NoGrant, SubscribeSendStatuses.Sent], sends.Select(s => s.Status).Order());

        await using (var scope = _app.Services.CreateAsyncScope()) // the next hour's run: nothing twice
            await scope.ServiceProvider.GetRequiredService<CouponExpiryReminders>().RunAsync(CancellationToken.None);
        Assert.Single(_app.Sandbox.SubscribeMessages);
    }

    [Fact]
    public async Task Marketing_sends_cannot_use_subscribe_messages()
    {
        var staff = _app.CreateAdminClient(WechatLeadsFactory.OperatorKey);
        var bySubscribe = await staff.PostAsJsonAsync("/admin/api/marketing/sends",
            new { name = "促销", channel = "subscribe", text = "【示例咖啡】新品上市。回复TD退订", audience = new { campaign = "spring-coupon" } });
        Assert.Equal(HttpStatusCode.BadRequest, bySubscribe.StatusCode);
        Assert.Contains("不能用于营销", await bySubscribe.Content.ReadAsStringAsync());

        var byTemplate = await staff.PostAsJsonAsync("/admin/api/marketing/sends", new
        {
            name = "促销",
            channel = "wechat_template",
            templateId = SandboxTemplates.CouponExpiry,
            templateData = new Dictionary<string, string> { ["thing1"] = "【示例咖啡】新品上市。回复TD退订" },
            audience = new { campaign = "spring-coupon" },
        });
        Assert.Equal(HttpStatusCode.BadRequest, byTemplate.StatusCode);
        Assert.Contains("是订阅消息模板", await byTemplate.Content.ReadAsStringAsync());
    }
}

using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using WechatLeads.Server.Marketing;
using WechatLeads.Server.Tests.Infrastructure;
using WechatLeads.Server.Tests.Unsubscribe;

namespace WechatLeads.Server.Tests.Marketing;

/// <summary>A send reaches only consenting, not-yet-capped, not-opted-out people, at lawful hours, once each.</summary>
public sealed class MarketingSendTests : IAsyncLifetime
{
    internal const string Sms = "【示例咖啡】冬季新品第二杯半价，详情见公众号。回复TD退订";

    private readonly AdjustableClock _clock = new(AdjustableClock.ChinaTimeToday(10)); // 10:00 Beijing: a lawful hour
    private WechatLeadsFactory _app = null!;

    public Task InitializeAsync()
    {
        _app = new WechatLeadsFactory(time: _clock);
        _app.CreateClient();
        return Task.CompletedTask;
    }

    public async Task DisposeAsync() => await _app.DisposeAsync();

    private HttpClient Operator => _app.CreateAdminClient(WechatLeadsFactory.OperatorKey);

    internal static async Task<long> ScheduleAsync(WechatLeadsFactory app, object body)
    {
        var response = await app.CreateAdminClient(WechatLeadsFactory.OperatorKey).PostAsJsonAsync("/admin/api/marketing/sends", body);
        Assert.True(response.StatusCode == HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetInt64();
    }

    internal static Task<JsonElement> FinishedAsync(WechatLeadsFactory app, long id, int seconds = 120) =>
        Eventually.ReturnsAsync(() => app.CreateAdminClient(WechatLeadsFactory.OperatorKey).GetFromJsonAsync<JsonElement>($"/admin/api/marketing/sends/{id}"),
            p => p.GetProperty("status").GetString() == "finished", $"marketing send {id} finishes", seconds);

    private static object SmsTo(string campaign = "spring-coupon", string text = Sms) =>
        new { name = "冬季新品", channel = "sms", text, audience = new { campaign } };

    private IEnumerable<string> SmsPhones() => _app.Sandbox.SmsMessages.Select(m => m.Phone);

    [Fact]
    public async Task Only_people_whose_consent_is_in_force_under_the_current_notice_and_who_did_not_opt_out_get_it()
    {
        var people = await MarketingSeed.LeadsAsync(_app, 4);
        var (ok, optedOut, withdrewHere, oldNotice) = (people[0], people[1], people[2], people[3]);
        await MarketingSeed.WithdrawAsync(_app, optedOut, "*");                    // replied TD / tapped 取消订阅
        await MarketingSeed.WithdrawAsync(_app, withdrewHere, "spring-coupon");    // withdrew for this campaign only
        var never = (await MarketingSeed.LeadsAsync(_app, 1, grant: false, firstPhone: 100))[0];             // ticked nothing in the ledger
        var outdated = (await MarketingSeed.LeadsAsync(_app, 1, policyVersion: "2025-01", firstPhone: 200))[0]; // agreed to an older notice
        _ = oldNotice;

        var id = await ScheduleAsync(_app, SmsTo());
        var progress = await FinishedAsync(_app, id);

        Assert.Equal([ok.Phone, oldNotice.Phone], SmsPhones().Order());
        Assert.All(_app.Sandbox.SmsMessages, m => Assert.Equal(Sms, m.Text));
        var skipped = progress.GetProperty("skippedByReason");
        Assert.Equal(1, skipped.GetProperty(SkipReasons.OptedOut).GetInt32());
        Assert.Equal(2, skipped.GetProperty(SkipReasons.NoConsent).GetInt32()); // never granted, and withdrawn here
        Assert.Equal(1, skipped.GetProperty(SkipReasons.OutdatedPolicy).GetInt32());
        Assert.Equal(
            (6, 2, 4),
            (progress.GetProperty("audienceSize").GetInt32(), progress.GetProperty("sent").GetInt32(), progress.GetProperty("skipped").GetInt32()));
        _ = (never, outdated);
    }

    [Fact]
    public async Task The_frequency_cap_holds_across_sends_and_campaigns_and_frees_up_after_the_window()
    {
        var person = (await MarketingSeed.LeadsAsync(_app, 1))[0];
        var first = await FinishedAsync(_app, await ScheduleAsync(_app, SmsTo()));
        Assert.Equal(1, first.GetProperty("sent").GetInt32());

        // Another send the same week, through another audience that includes them: capped.
        var second = await FinishedAsync(_app, await ScheduleAsync(_app, new { name = "再次", channel = "sms", text = Sms, audience = new { source = "seed" } }));
        Assert.Equal(1, second.GetProperty("skippedByReason").GetProperty(SkipReasons.FrequencyCap).GetInt32());

        _clock.Advance(TimeSpan.FromDays(7) + TimeSpan.FromMinutes(1)); // 10:01 a week later
        var third = await FinishedAsync(_app, await ScheduleAsync(_app, SmsTo()));
        Assert.Equal(1, third.GetProperty("sent").GetInt32());
        Assert.Equal(2, SmsPhones().Count(p => p == person.Phone));
    }

    [Fact]
    public async Task An_opt_out_survives_the_erasure_of_the_identity_it_came_through()
    {
        var viaAccount = (await MarketingSeed.LeadsAsync(_app, 1))[0];
        // The same number also joined the lucky draw through the mini-program (another identity), saying yes.
        var viaMiniProgram = viaAccount with { LeadId = Guid.CreateVersion7().ToString("N"), SubjectKey = "mp-" + Guid.NewGuid().ToString("N") };
        await _app.QueryAsync(async db =>
        {
            var draw = await db.Set<WechatLeads.Server.Campaigns.Campaign>().Where(c => c.Slug == "lucky-draw").Select(c => c.Id).SingleAsync();
            db.Add(new WechatLeads.Server.Leads.Lead
            {
                Id = viaMiniProgram.LeadId,
                CampaignId = draw,
                PersonId = viaAccount.PersonId,
                SubjectKey = viaMiniProgram.SubjectKey,
                OpenId = "mp-openid",
                Channel = "miniprogram",
                MarketingConsent = true,
                CreatedAt = _clock.GetUtcNow().UtcDateTime,
                ExpiresAt = _clock.GetUtcNow().UtcDateTime.AddDays(90),
            });
            db.Add(new WechatLeads.Server.Consent.ConsentEvent
            {
                SubjectKey = viaMiniProgram.SubjectKey,
                Purpose = "marketing",
                Action = "granted",
                Scope = "lucky-draw",
                PolicyVersion = "2026-11",
                Channel = "miniprogram",
                OccurredAt = _clock.GetUtcNow().UtcDateTime,
            });
            return await db.SaveChangesAsync();
        });
        await OptOutSteps.ClickUnsubscribeAsync(_app, viaAccount.OpenId); // 取消订阅 in the account
        await OptOutSteps.PushAsync(_app, viaAccount.OpenId, "unsubscribe"); // then unfollows: that identity's data is erased
        await Eventually.TrueAsync(
            async () => !await _app.QueryAsync(db => db.Set<WechatLeads.Server.Leads.Lead>().AnyAsync(l => l.Id == viaAccount.LeadId)),
            "the account lead is erased");

        var progress = await FinishedAsync(_app, await ScheduleAsync(_app, SmsTo(campaign: "lucky-draw")));
        Assert.Equal(1, progress.GetProperty("skippedByReason").GetProperty(SkipReasons.OptedOut).GetInt32());
        Assert.Empty(_app.Sandbox.SmsMessages);
    }

    [Fact]
    public async Task A_marketing_consent_lapses_when_the_marketing_purpose_period_is_over()
    {
        await MarketingSeed.LeadsAsync(_app, 1);
        _clock.Advance(TimeSpan.FromDays(366)); // Marketing:ConsentLifetime is a year
        var progress = await FinishedAsync(_app, await ScheduleAsync(_app, SmsTo()));
        Assert.Equal(1, progress.GetProperty("skippedByReason").GetProperty(SkipReasons.ConsentLapsed).GetInt32());
        Assert.Empty(_app.Sandbox.SmsMessages);
    }

    [Fact]
    public async Task Parallel_sends_to_the_same_people_never_break_the_cap()
    {
        var people = await MarketingSeed.LeadsAsync(_app, 50);
        var ids = await Task.WhenAll(Enumerable.Range(0, 4)
            .Select(i => ScheduleAsync(_app, new { name = $"并发 {i}", channel = "sms", text = Sms, audience = new { campaign = "spring-coupon" } })));
        foreach (var id in ids) await FinishedAsync(_app, id);
        Assert.All(people, p => Assert.Single(SmsPhones(), phone => phone == p.Phone));
        var slots = await _app.QueryAsync(db => db.Set<MarketingQuotaSlot>().CountAsync());
        Assert.Equal(50, slots);
    }

    [Fact]
    public async Task A_send_in_quiet_hours_waits_for_the_morning_and_then_goes_out()
    {
        await MarketingSeed.LeadsAsync(_app, 3);
        _clock.Advance(TimeSpan.FromHours(12) + TimeSpan.FromMinutes(30)); // 22:30 Beijing
        var id = await ScheduleAsync(_app, SmsTo());
        var waiting = await Eventually.ReturnsAsync(() => Operator.GetFromJsonAsync<JsonElement>($"/admin/api/marketing/sends/{id}"),
            p => p.GetProperty("notBefore").ValueKind == JsonValueKind.String, "the send waits for the morning");
        var morning = waiting.GetProperty("notBefore").GetDateTimeOffset();
        Assert.Equal(new TimeSpan(8, 0, 0), morning.ToOffset(TimeSpan.FromHours(8)).TimeOfDay);
        Assert.Empty(_app.Sandbox.SmsMessages);
        Assert.Equal(3, waiting.GetProperty("pending").GetInt32()); // nobody dropped, only delayed

        _clock.Advance(TimeSpan.FromHours(9) + TimeSpan.FromMinutes(31)); // 08:01
        await using (var scope = _app.Services.CreateAsyncScope())
            await scope.ServiceProvider.GetRequiredService<RunMarketingSends>().StartDueAsync(CancellationToken.None); // the minutely sweep, now
        var done = await FinishedAsync(_app, id);
        Assert.Equal(3, done.GetProperty("sent").GetInt32());
    }

    [Fact]
    public async Task A_message_that_does_not_name_the_sender_or_the_way_out_is_refused_when_scheduled()
    {
        var response = await Operator.PostAsJsonAsync("/admin/api/marketing/sends", SmsTo(text: "冬季新品第二杯半价！"));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var text = await response.Content.ReadAsStringAsync();
        Assert.Contains("【示例咖啡】", text);
        Assert.Contains("回复TD退订", text);

        var wechat = await Operator.PostAsJsonAsync("/admin/api/marketing/sends", new
        {
            name = "模板",
            channel = "wechat_template",
            templateId = "TPL1",
            templateData = new { first = "【示例咖啡】新品上市" },
            audience = new { campaign = "spring-coupon" },
        });
        Assert.Equal(HttpStatusCode.BadRequest, wechat.StatusCode);
        Assert.Contains("取消订阅", await wechat.Content.ReadAsStringAsync());
        Assert.Equal(
            HttpStatusCode.BadRequest,
            (await Operator.PostAsJsonAsync("/admin/api/marketing/sends", new { name = "x", channel = "fax", text = Sms })).StatusCode);
        Assert.Equal(0, await _app.QueryAsync(db => db.Set<MarketingSend>().CountAsync()));
    }

    [Fact]
    public async Task Wechat_channels_respect_wechats_own_limits()
    {
        var people = await MarketingSeed.LeadsAsync(_app, 2);
        var follower = _app.Sandbox.GetOrAddFollower(people[0].OpenId);
        follower.Subscribed = true;
        await OptOutSteps.PushAsync(_app, people[0].OpenId, "text", "你好"); // wrote to the account recently: inside the 48-hour window
        _app.Sandbox.GetOrAddFollower(people[1].OpenId).Subscribed = true; // follows, but has not written

        var id = await ScheduleAsync(
            _app,
            new { name = "客服消息", channel = "wechat_customer_service", text = "【示例咖啡】新品到店，回复TD退订", audience = new { campaign = "spring-coupon" } });
        var progress = await FinishedAsync(_app, id);
        Assert.Equal(1, progress.GetProperty("sent").GetInt32());
        Assert.Equal(1, progress.GetProperty("skippedByReason").GetProperty(SkipReasons.OutsideServiceWindow).GetInt32());
        Assert.Contains(follower.Inbox, m => m.Text.Contains("新品到店", StringComparison.Ordinal));
        // The one outside the window was skipped by our own ledger: WeChat was asked once, for the one inside.
        Assert.Equal(1, _app.Sandbox.ApiCalls("cgi-bin/message/custom/send"));
    }

    [Fact]
    public async Task An_sms_reply_td_withdraws_marketing_for_every_identity_of_that_number()
    {
        var person = (await MarketingSeed.LeadsAsync(_app, 1))[0];
        var reply = await _app.CreateClient().PostAsJsonAsync("/sandbox/sms/reply", new { phone = person.Phone, text = "td" });
        Assert.True((await reply.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("optedOut").GetBoolean());
        Assert.Contains(_app.Sandbox.SmsMessages, m => m.Phone == person.Phone && m.Text.Contains("退订", StringComparison.Ordinal));

        var progress = await FinishedAsync(_app, await ScheduleAsync(_app, SmsTo()));
        Assert.Equal(1, progress.GetProperty("skippedByReason").GetProperty(SkipReasons.OptedOut).GetInt32());
    }

    [Fact]
    public async Task An_interrupted_sms_is_repeated_with_the_same_id_and_an_interrupted_wechat_message_is_not()
    {
        var people = await MarketingSeed.LeadsAsync(_app, 2);
        var sms = await ScheduleAsync(_app, SmsTo());
        await FinishedAsync(_app, sms);
        // As if the process died inside the gateway call: the delivery stays "sending" (its cap slot taken), and
        // the claim goes stale.
        await _app.QueryAsync(db => db.Set<MarketingDelivery>().Where(d => d.SendId == sms && d.PersonId == people[0].PersonId)
            .ExecuteUpdateAsync(s => s.SetProperty(d => d.Status, MarketingDeliveryStatus.Sending)));
        _clock.Advance(TimeSpan.FromMinutes(6));
        await _app.QueryAsync(db => db.Set<MarketingSend>()
            .Where(s => s.Id == sms)
            .ExecuteUpdateAsync(s => s.SetProperty(x => x.Status, MarketingSendStatus.Running)));
        await using (var scope = _app.Services.CreateAsyncScope())
            await scope.ServiceProvider.GetRequiredService<RunMarketingSends>().RunAsync(sms, CancellationToken.None);
        var after = await FinishedAsync(_app, sms);
        Assert.Equal(2, after.GetProperty("sent").GetInt32());
        Assert.Single(SmsPhones(), p => p == people[0].Phone); // the gateway saw the same id twice and sent once

        _clock.Advance(TimeSpan.FromDays(8)); // past the cap window
        var follower = _app.Sandbox.GetOrAddFollower(people[1].OpenId);
        follower.Subscribed = true;
        await OptOutSteps.PushAsync(_app, people[1].OpenId, "text", "你好"); // opens the customer-service window
        var wechat = await ScheduleAsync(
            _app,
            new { name = "客服", channel = "wechat_customer_service", text = "【示例咖啡】新品到店，回复TD退订", audience = new { campaign = "spring-coupon" } });
        await FinishedAsync(_app, wechat);
        await _app.QueryAsync(db => db.Set<MarketingDelivery>().Where(d => d.SendId == wechat && d.PersonId == people[1].PersonId)
            .ExecuteUpdateAsync(s => s.SetProperty(d => d.Status, MarketingDeliveryStatus.Sending)));
        _clock.Advance(TimeSpan.FromMinutes(6));
        await _app.QueryAsync(db => db.Set<MarketingSend>()
            .Where(s => s.Id == wechat)
            .ExecuteUpdateAsync(s => s.SetProperty(x => x.Status, MarketingSendStatus.Running)));
        await using (var scope = _app.Services.CreateAsyncScope())
            await scope.ServiceProvider.GetRequiredService<RunMarketingSends>().RunAsync(wechat, CancellationToken.None);
        var status = await _app.QueryAsync(db => db.Set<MarketingDelivery>()
            .Where(d => d.SendId == wechat && d.PersonId == people[1].PersonId)
            .Select(d => d.Status)
            .SingleAsync());
        Assert.Equal(MarketingDeliveryStatus.Unknown, status); // maybe delivered: never sent a second time
        Assert.Single(follower.Inbox, m => m.Text.Contains("新品到店", StringComparison.Ordinal));
    }
}

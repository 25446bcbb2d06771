using System.Collections.Concurrent;
using Microsoft.EntityFrameworkCore;
using WechatLeads.Server.Marketing;
using WechatLeads.Server.Sandbox;
using WechatLeads.Server.Tests.Infrastructure;

namespace WechatLeads.Server.Tests.Marketing;

/// <summary>A send to 10,000 people during which one of them opts out: the rest get one message each, that person none.</summary>
public sealed class MarketingAtScaleTests : IAsyncLifetime
{
    private readonly WechatLeadsFactory _app = new(time: new AdjustableClock(AdjustableClock.ChinaTimeToday(10)));

    public Task InitializeAsync()
    {
        _app.CreateClient();
        return Task.CompletedTask;
    }

    public async Task DisposeAsync() => await _app.DisposeAsync();

    // On SQLite only: it is the scale check, and on PostgreSQL it takes two minutes of CI time; every rule
    // it relies on (gate, cap, claim) also runs on PostgreSQL in MarketingSendTests.
    [SqliteFact]
    public async Task Ten_thousand_people_with_an_opt_out_arriving_halfway()
    {
        var people = await MarketingSeed.LeadsAsync(_app, 10_000);
        // Deliveries go in person order: the last person is still waiting when the 5,000th message leaves.
        var late = people.MaxBy(p => p.PersonId)!;
        var halfway = new TaskCompletionSource();
        using var optOutDone = new ManualResetEventSlim();
        var seen = new ConcurrentDictionary<string, int>();
        void OnSms(SandboxSms sms)
        {
            seen.AddOrUpdate(sms.Phone, 1, (_, n) => n + 1);
            if (seen.Count == 5_000)
            {
                halfway.TrySetResult();
                optOutDone.Wait(TimeSpan.FromSeconds(60)); // the send is held here while the person replies TD
            }
        }
        _app.Sandbox.SmsArrived += OnSms;

        var id = await MarketingSendTests.ScheduleAsync(
            _app,
            new { name = "全员", channel = "sms", text = MarketingSendTests.Sms, audience = new { campaign = "spring-coupon" } });
        await halfway.Task.WaitAsync(TimeSpan.FromSeconds(120));
        // The person taps 取消订阅 in WeChat: acknowledged only once committed.
        var push = await Unsubscribe.OptOutSteps.ClickUnsubscribeAsync(_app, late.OpenId);
        Assert.Equal(200, push.Status);
        optOutDone.Set();

        var progress = await MarketingSendTests.FinishedAsync(_app, id, seconds: 300);
        _app.Sandbox.SmsArrived -= OnSms;
        Assert.Equal(9_999, progress.GetProperty("sent").GetInt32());
        Assert.Equal(1, progress.GetProperty("skippedByReason").GetProperty(SkipReasons.OptedOut).GetInt32());
        Assert.DoesNotContain(late.Phone, seen.Keys);
        Assert.All(seen.Values, n => Assert.Equal(1, n)); // idempotent per (send, person)
        Assert.Equal(9_999, _app.Sandbox.SmsMessages.Count);
        Assert.Equal(0, await _app.QueryAsync(db => db.Set<MarketingDelivery>().CountAsync(d => d.Status == MarketingDeliveryStatus.Pending)));
    }
}

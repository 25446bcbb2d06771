using Microsoft.Extensions.DependencyInjection;
using WechatLeads.Server.Messaging;
using WechatLeads.Server.Tests.Infrastructure;
using WechatLeads.Server.Tests.Unsubscribe;

namespace WechatLeads.Server.Tests.Messaging;

/// <summary>
/// The customer-service window, recorded from signed pushes and shared through the database: a click allows three
/// messages within a minute, a message from the person five within 48 hours, and nothing is allowed outside.
/// </summary>
public sealed class ServiceWindowTests : IAsyncLifetime
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

    private async Task<bool[]> TakeAsync(string openId, int times)
    {
        var taken = new bool[times];
        for (var i = 0; i < times; i++)
        {
            await using var scope = _app.Services.CreateAsyncScope(); // each send in its own scope, as jobs on two instances would be
            taken[i] = await scope.ServiceProvider.GetRequiredService<ServiceWindowGate>().TryTakeAsync(openId, CancellationToken.None);
        }
        return taken;
    }

    [Fact]
    public async Task A_click_allows_three_messages_within_a_minute_and_a_message_five_within_two_days()
    {
        var openId = WechatPush.NewOpenId();
        Assert.Equal(new[] { false }, await TakeAsync(openId, 1)); // never interacted: nothing

        await OptOutSteps.PushAsync(_app, openId, "click", key: "SOME_MENU_KEY");
        Assert.Equal(new[] { true, true, true, false }, await TakeAsync(openId, 4));
        await OptOutSteps.PushAsync(_app, openId, "click", key: "SOME_MENU_KEY");
        _clock.Advance(TimeSpan.FromSeconds(61));
        Assert.Equal(new[] { false }, await TakeAsync(openId, 1)); // the click's minute is over

        await OptOutSteps.PushAsync(_app, openId, "text", "请问门店几点开门");
        Assert.Equal(new[] { true, true, true, true, true, false }, await TakeAsync(openId, 6));
        await OptOutSteps.PushAsync(_app, openId, "text", "谢谢");
        _clock.Advance(TimeSpan.FromHours(48) + TimeSpan.FromMinutes(1));
        Assert.Equal(new[] { false }, await TakeAsync(openId, 1));
    }

    [Fact]
    public async Task Parallel_sends_never_take_more_than_the_allowance()
    {
        var openId = WechatPush.NewOpenId();
        await OptOutSteps.PushAsync(_app, openId, "text", "你好");
        var taken = await Task.WhenAll(Enumerable.Range(0, 20).Select(_ => Task.Run(async () =>
        {
            await using var scope = _app.Services.CreateAsyncScope();
            return await scope.ServiceProvider.GetRequiredService<ServiceWindowGate>().TryTakeAsync(openId, CancellationToken.None);
        })));
        Assert.Equal(ServiceWindow.MessageAllowance, taken.Count(t => t));
    }

    [Fact]
    public async Task A_round_takes_from_each_window_in_one_go_by_the_same_rules()
    {
        var (clicked, wrote, silent) = (WechatPush.NewOpenId(), WechatPush.NewOpenId(), WechatPush.NewOpenId());
        await OptOutSteps.PushAsync(_app, clicked, "click", key: "SOME_MENU_KEY");
        await OptOutSteps.PushAsync(_app, wrote, "text", "你好");

        async Task<HashSet<string>> TakeManyAsync(params string[] openIds)
        {
            await using var scope = _app.Services.CreateAsyncScope();
            return await scope.ServiceProvider.GetRequiredService<ServiceWindowGate>().TryTakeManyAsync(openIds, CancellationToken.None);
        }

        Assert.Equal(new[] { clicked, wrote }.Order(), (await TakeManyAsync(clicked, wrote, silent)).Order()); // never interacted: none
        Assert.Equal(new[] { clicked }, await TakeManyAsync(clicked, clicked)); // named twice, taken once
        Assert.Equal(new[] { clicked }, await TakeManyAsync(clicked)); // the click's third
        Assert.Empty(await TakeManyAsync(clicked)); // its allowance is used up

        Assert.Equal(new[] { true, true, true, true, false }, await TakeAsync(wrote, 5)); // one of five went in the round
        _clock.Advance(TimeSpan.FromSeconds(61));
        await OptOutSteps.PushAsync(_app, clicked, "text", "还在吗");
        Assert.Equal(new[] { clicked }, await TakeManyAsync(clicked, silent)); // the message window once the click's minute is over
    }

    [Fact]
    public async Task Unfollowing_erases_the_window()
    {
        var openId = await OptOutSteps.FollowAsync(_app);
        await OptOutSteps.PushAsync(_app, openId, "unsubscribe");
        await Eventually.TrueAsync(async () => await _app.QueryAsync(db => Task.FromResult(db.Set<ServiceWindow>().Any(w => w.OpenId == openId))) == false,
            "the window row is erased with the follower");
    }
}

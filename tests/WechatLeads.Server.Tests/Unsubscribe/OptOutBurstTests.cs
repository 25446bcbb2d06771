using Microsoft.EntityFrameworkCore;
using WechatLeads.Server.Data;
using WechatLeads.Server.Jobs;
using WechatLeads.Server.Tests.Infrastructure;
using WechatLeads.Server.Unsubscribe;
using static WechatLeads.Server.Tests.Unsubscribe.OptOutSteps;

namespace WechatLeads.Server.Tests.Unsubscribe;

/// <summary>
/// Opt-outs arriving together share a group commit (multi-row statements, one follow-up job per 50) and
/// are followed up a chunk at a time. Each person must still get exactly what one opt-out alone gives.
/// </summary>
public sealed class OptOutBurstTests : HostedTests
{
    [Fact]
    public async Task Many_people_opting_out_at_once_each_get_one_withdrawal_one_record_and_one_confirmation()
    {
        var people = new List<string>();
        for (var i = 0; i < 40; i++) people.Add(await FollowAsync(App));

        var answers = await Task.WhenAll(people.Select(p => ClickUnsubscribeAsync(App, p)));

        Assert.All(answers, a => Assert.Equal(200, a.Status));
        foreach (var person in people)
        {
            Assert.True((await FollowerAsync(App, person))!.MarketingOptOut);
            Assert.Single(await WithdrawalsAsync(App, person));
            Assert.Single(await OptOutsAsync(App, person));
        }
        foreach (var person in people) await ConfirmationsEventuallyAsync(App, person);
        await Eventually.SettleAsync();
        Assert.All(people, p => Assert.Single(Confirmations(App, p)));
        // However the clicks were batched, the follow-up rows name every opt-out exactly once.
        var followUps = await App.QueryAsync(db => db.Set<OutboxMessage>()
            .AsNoTracking()
            .Where(m => m.Kind == ProcessOptOut.Kind)
            .Select(m => m.Payload)
            .ToListAsync());
        var named = followUps.SelectMany(p => System.Text.Json.JsonSerializer.Deserialize<ProcessOptOut.Payload>(p)!.All).ToList();
        Assert.Equal(people.Count, named.Count);
        Assert.Equal(people.Count, named.Distinct().Count());
    }

    [Fact]
    public async Task A_click_and_a_TD_from_one_person_at_once_withdraw_once_and_confirm_each()
    {
        var person = await FollowAsync(App);

        await Task.WhenAll(ClickUnsubscribeAsync(App, person), PushAsync(App, person, "text", content: "TD"));

        Assert.Single(await WithdrawalsAsync(App, person));
        var optOuts = await OptOutsAsync(App, person);
        Assert.Equal(2, optOuts.Count);
        Assert.Single(optOuts, o => o.Withdrew); // whichever came first withdrew; the other found them opted out
        await ConfirmationsEventuallyAsync(App, person, count: 2);
        await Eventually.SettleAsync();
        Assert.Equal(2, Confirmations(App, person).Count);
    }
}

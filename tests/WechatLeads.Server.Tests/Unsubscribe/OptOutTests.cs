using System.Net;
using WechatLeads.Server.Tests.Infrastructure;
using static WechatLeads.Server.Tests.Unsubscribe.OptOutSteps;

namespace WechatLeads.Server.Tests.Unsubscribe;

public sealed class OptOutTests : IAsyncLifetime
{
    private readonly WechatLeadsFactory _app = new();

    public Task InitializeAsync()
    {
        _app.CreateClient();
        return Task.CompletedTask;
    }

    public async Task DisposeAsync() => await _app.DisposeAsync();

    [Fact]
    public async Task Click_on_unsubscribe_opts_out_before_the_answer_and_sends_one_confirmation()
    {
        var openId = await FollowAsync(_app);

        var result = await ClickUnsubscribeAsync(_app, openId);

        Assert.Equal(200, result.Status);
        Assert.Null(result.Reply); // no passive reply: the answer is "success"
        var follower = await FollowerAsync(_app, openId);
        Assert.True(follower!.MarketingOptOut, "the opt-out must be stored before the webhook answers");
        Assert.Equal("menu", follower.OptOutChannel);
        Assert.NotNull(follower.OptOutAt);
        Assert.Single(await WithdrawalsAsync(_app, openId));

        var confirmations = await ConfirmationsEventuallyAsync(_app, openId);
        Assert.Contains("http://localhost/h5/me", confirmations[0].Text);
        Assert.Contains("重新订阅", confirmations[0].Text);
        await Eventually.SettleAsync();
        Assert.Single(Confirmations(_app, openId));
    }

    [Theory]
    [InlineData("TD")]
    [InlineData("td")]
    [InlineData("Td")]
    [InlineData(" T D ")]
    [InlineData("ＴＤ")]
    [InlineData("退订")]
    [InlineData("取消订阅")]
    [InlineData("\tt\u3000d\n")]
    public async Task A_text_reply_meaning_TD_opts_out_and_confirms_once(string text)
    {
        var openId = await FollowAsync(_app);

        var result = await PushAsync(_app, openId, "text", content: text);

        Assert.Null(result.Reply);
        var follower = await FollowerAsync(_app, openId);
        Assert.True(follower!.MarketingOptOut);
        Assert.Equal("text", follower.OptOutChannel);
        await ConfirmationsEventuallyAsync(_app, openId);
        await Eventually.SettleAsync(500);
        Assert.Single(Confirmations(_app, openId));
    }

    [Theory]
    [InlineData("TD please")]
    [InlineData("STD")]
    [InlineData("T")]
    [InlineData("我想退订吗")]
    [InlineData("订阅")]
    public async Task Other_text_is_not_an_opt_out(string text)
    {
        var openId = await FollowAsync(_app);
        await PushAsync(_app, openId, "text", content: text);
        var follower = await FollowerAsync(_app, openId);
        Assert.False(follower!.MarketingOptOut);
        Assert.Empty(await OptOutsAsync(_app, openId));
    }

    [Fact]
    public async Task A_click_delivered_three_times_at_once_gives_one_opt_out_and_one_confirmation()
    {
        var openId = await FollowAsync(_app);
        _app.Sandbox.FindFollower(openId)!.Interacted(isMessage: false, DateTimeOffset.UtcNow);
        var push = new WechatPush();
        var xml = WechatPush.Event(openId, "CLICK", "UNSUBSCRIBE");
        var client = _app.CreateClient();

        var responses = await Task.WhenAll(Enumerable.Range(0, 3).Select(_ => client.SendAsync(push.Safe(xml))));

        Assert.All(responses, r => Assert.Equal(HttpStatusCode.OK, r.StatusCode));
        Assert.Single(await OptOutsAsync(_app, openId));
        Assert.Single(await WithdrawalsAsync(_app, openId));
        await ConfirmationsEventuallyAsync(_app, openId);
        await Eventually.SettleAsync();
        Assert.Single(Confirmations(_app, openId));
    }

    [Fact]
    public async Task Opting_out_again_confirms_again_but_adds_no_second_withdrawal()
    {
        var openId = await FollowAsync(_app);
        await ClickUnsubscribeAsync(_app, openId);
        await ConfirmationsEventuallyAsync(_app, openId);
        await Task.Delay(1100); // a later click has a later CreateTime, so it is a new event, not WeChat's retry

        await PushAsync(_app, openId, "text", content: "TD");

        await ConfirmationsEventuallyAsync(_app, openId, 2);
        var optOuts = await OptOutsAsync(_app, openId);
        Assert.Equal(2, optOuts.Count);
        Assert.Single(optOuts, o => o.Withdrew);
        Assert.Single(await WithdrawalsAsync(_app, openId));
    }

    [Fact]
    public async Task An_expired_token_is_refreshed_and_the_confirmation_still_goes_once()
    {
        var openId = await FollowAsync(_app);
        await Eventually.TrueAsync(() => Task.FromResult(_app.Sandbox.MenuJson is not null), "the start-up menu publish (fetches a token)");
        _app.Sandbox.RevokeAllTokens(); // the cached token is now unknown to WeChat: the next call gets 40001
        var fetchesBefore = _app.Sandbox.TokenFetches;

        await ClickUnsubscribeAsync(_app, openId);

        await ConfirmationsEventuallyAsync(_app, openId);
        Assert.Equal(fetchesBefore + 1, _app.Sandbox.TokenFetches);
        await Eventually.SettleAsync();
        Assert.Single(Confirmations(_app, openId));
    }

    [Fact]
    public async Task A_40001_answer_is_retried_once_with_a_fresh_token()
    {
        var openId = await FollowAsync(_app);
        _app.Sandbox.InjectFault("cgi-bin/message/custom/send", 40001);

        await ClickUnsubscribeAsync(_app, openId);

        await ConfirmationsEventuallyAsync(_app, openId);
        await Eventually.SettleAsync();
        Assert.Single(Confirmations(_app, openId));
    }

    [Fact]
    public async Task System_busy_is_retried_with_backoff_and_then_by_hangfire_and_confirms_once()
    {
        var openId = await FollowAsync(_app);
        // More -1 answers than the client's own backoff absorbs: the job fails, Hangfire retries it.
        _app.Sandbox.InjectFault("cgi-bin/message/custom/send", -1, times: 5);

        await ClickUnsubscribeAsync(_app, openId);

        await ConfirmationsEventuallyAsync(_app, openId, 1);
        await Eventually.SettleAsync();
        Assert.Single(Confirmations(_app, openId));
        var optOut = Assert.Single(await OptOutsAsync(_app, openId));
        Assert.NotNull(optOut.ConfirmationSentAt);
    }

    [Fact]
    public async Task Subscribing_again_does_not_silently_withdraw_the_opt_out()
    {
        var openId = await FollowAsync(_app);
        await ClickUnsubscribeAsync(_app, openId);
        await PushAsync(_app, openId, "text", content: "订阅");
        await PushAsync(_app, openId, "subscribe");
        Assert.True((await FollowerAsync(_app, openId))!.MarketingOptOut);
    }
}

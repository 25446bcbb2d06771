using System.Net;
using WechatLeads.Server.Tests.Infrastructure;
using static WechatLeads.Server.Tests.Unsubscribe.OptOutSteps;

namespace WechatLeads.Server.Tests.Unsubscribe;

public sealed class OptOutTests() : HostedTests(shareHost: true)
{

    [Fact]
    public async Task Click_on_unsubscribe_opts_out_before_the_answer_and_sends_one_confirmation()
    {
        var openId = await FollowAsync(App);

        var result = await ClickUnsubscribeAsync(App, openId);

        Assert.Equal(200, result.Status);
        Assert.Null(result.Reply); // no passive reply: the answer is "success"
        var follower = await FollowerAsync(App, openId);
        Assert.True(follower!.MarketingOptOut, "the opt-out must be stored before the webhook answers");
        Assert.Equal("menu", follower.OptOutChannel);
        Assert.NotNull(follower.OptOutAt);
        Assert.Single(await WithdrawalsAsync(App, openId));

        var confirmations = await ConfirmationsEventuallyAsync(App, openId);
        Assert.Contains("http://localhost/h5/me", confirmations[0].Text);
        Assert.Contains("重新订阅", confirmations[0].Text);
        await Eventually.SettleAsync();
        Assert.Single(Confirmations(App, openId));
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
        var openId = await FollowAsync(App);

        var result = await PushAsync(App, openId, "text", content: text);

        Assert.Null(result.Reply);
        var follower = await FollowerAsync(App, openId);
        Assert.True(follower!.MarketingOptOut);
        Assert.Equal("text", follower.OptOutChannel);
        await ConfirmationsEventuallyAsync(App, openId);
        await Eventually.SettleAsync(500);
        Assert.Single(Confirmations(App, openId));
    }

    [Theory]
    [InlineData("TD please")]
    [InlineData("STD")]
    [InlineData("T")]
    [InlineData("我想退订吗")]
    [InlineData("订阅")]
    public async Task Other_text_is_not_an_opt_out(string text)
    {
        var openId = await FollowAsync(App);
        await PushAsync(App, openId, "text", content: text);
        var follower = await FollowerAsync(App, openId);
        Assert.False(follower!.MarketingOptOut);
        Assert.Empty(await OptOutsAsync(App, openId));
    }

    [Fact]
    public async Task A_click_delivered_three_times_at_once_gives_one_opt_out_and_one_confirmation()
    {
        var openId = await FollowAsync(App);
        App.Sandbox.FindFollower(openId)!.Interacted(isMessage: false, DateTimeOffset.UtcNow);
        var push = new WechatPush();
        var xml = WechatPush.Event(openId, "CLICK", "UNSUBSCRIBE");
        var client = App.CreateClient();

        var responses = await Task.WhenAll(Enumerable.Range(0, 3).Select(_ => client.SendAsync(push.Safe(xml))));

        Assert.All(responses, r => Assert.Equal(HttpStatusCode.OK, r.StatusCode));
        Assert.Single(await OptOutsAsync(App, openId));
        Assert.Single(await WithdrawalsAsync(App, openId));
        await ConfirmationsEventuallyAsync(App, openId);
        await Eventually.SettleAsync();
        Assert.Single(Confirmations(App, openId));
    }

    [Fact]
    public async Task Opting_out_again_confirms_again_but_adds_no_second_withdrawal()
    {
        var openId = await FollowAsync(App);
        await ClickUnsubscribeAsync(App, openId);
        await ConfirmationsEventuallyAsync(App, openId);
        await Task.Delay(1100); // a later click has a later CreateTime, so it is a new event, not WeChat's retry

        await PushAsync(App, openId, "text", content: "TD");

        await ConfirmationsEventuallyAsync(App, openId, 2);
        var optOuts = await OptOutsAsync(App, openId);
        Assert.Equal(2, optOuts.Count);
        Assert.Single(optOuts, o => o.Withdrew);
        Assert.Single(await WithdrawalsAsync(App, openId));
    }

    [Fact]
    public async Task An_expired_token_is_refreshed_and_the_confirmation_still_goes_once()
    {
        var openId = await FollowAsync(App);
        await Eventually.TrueAsync(() => Task.FromResult(App.Sandbox.MenuJson is not null), "the start-up menu publish (fetches a token)");
        App.Sandbox.RevokeAllTokens(); // the cached token is now unknown to WeChat: the next call gets 40001
        var fetchesBefore = App.Sandbox.TokenFetches;

        await ClickUnsubscribeAsync(App, openId);

        await ConfirmationsEventuallyAsync(App, openId);
        Assert.Equal(fetchesBefore + 1, App.Sandbox.TokenFetches);
        await Eventually.SettleAsync();
        Assert.Single(Confirmations(App, openId));
    }

    [Fact]
    public async Task A_40001_answer_is_retried_once_with_a_fresh_token()
    {
        var openId = await FollowAsync(App);
        App.Sandbox.InjectFault("cgi-bin/message/custom/send", 40001);

        await ClickUnsubscribeAsync(App, openId);

        await ConfirmationsEventuallyAsync(App, openId);
        await Eventually.SettleAsync();
        Assert.Single(Confirmations(App, openId));
    }

    [Fact]
    public async Task System_busy_is_retried_with_backoff_and_then_by_hangfire_and_confirms_once()
    {
        var openId = await FollowAsync(App);
        // More -1 answers than the client's own backoff absorbs: the job fails, Hangfire retries it.
        App.Sandbox.InjectFault("cgi-bin/message/custom/send", -1, times: 5);

        await ClickUnsubscribeAsync(App, openId);

        await ConfirmationsEventuallyAsync(App, openId, 1);
        await Eventually.SettleAsync();
        Assert.Single(Confirmations(App, openId));
        var optOut = Assert.Single(await OptOutsAsync(App, openId));
        Assert.NotNull(optOut.ConfirmationSentAt);
    }

    [Fact]
    public async Task Subscribing_again_does_not_silently_withdraw_the_opt_out()
    {
        var openId = await FollowAsync(App);
        await ClickUnsubscribeAsync(App, openId);
        await PushAsync(App, openId, "text", content: "订阅");
        await PushAsync(App, openId, "subscribe");
        Assert.True((await FollowerAsync(App, openId))!.MarketingOptOut);
    }
}

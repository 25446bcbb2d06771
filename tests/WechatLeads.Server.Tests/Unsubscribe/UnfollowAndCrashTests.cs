using System.Net;
using Microsoft.EntityFrameworkCore;
using WechatLeads.Server.Consent;
using WechatLeads.Server.Followers;
using WechatLeads.Server.Sandbox;
using WechatLeads.Server.Tests.Infrastructure;
using WechatLeads.Server.Unsubscribe;
using static WechatLeads.Server.Tests.Unsubscribe.OptOutSteps;

namespace WechatLeads.Server.Tests.Unsubscribe;

public sealed class UnfollowAndCrashTests
{
    [Fact]
    public async Task Unfollowing_erases_the_follower_and_keeps_only_hashed_consent_evidence()
    {
        await using var app = new WechatLeadsFactory();
        app.CreateClient();
        var openId = await FollowAsync(app);
        await ClickUnsubscribeAsync(app, openId);
        await ConfirmationsEventuallyAsync(app, openId);

        await PushAsync(app, openId, "unsubscribe");

        await Eventually.TrueAsync(async () => await FollowerAsync(app, openId) is null, "follower row erased");
        await Eventually.TrueAsync(() => app.QueryAsync(db => db.Set<ConsentEvent>().AllAsync(e => e.OpenId != openId)), "ledger de-identified");
        var evidence = await app.QueryAsync(db => db.Set<ConsentEvent>().AsNoTracking().ToListAsync());
        var withdrawal = Assert.Single(evidence);
        Assert.Null(withdrawal.OpenId);
        Assert.Matches("^[0-9a-f]{64}$", withdrawal.SubjectKey);
        Assert.DoesNotContain(openId, withdrawal.SubjectKey);
        Assert.True(await app.QueryAsync(db => db.Set<OptOut>().AllAsync(o => o.OpenId == null)));

        var admin = app.CreateAdminClient(WechatLeadsFactory.OperatorKey);
        Assert.Equal(HttpStatusCode.NotFound, (await admin.GetAsync($"/admin/api/followers/{openId}")).StatusCode);
    }

    [Fact]
    public async Task Nothing_is_sent_to_someone_who_unfollowed_before_the_confirmation_went_out()
    {
        var wechat = new SandboxState(TimeProvider.System);
        string openId;
        var first = new WechatLeadsFactory(runJobs: false, sandbox: wechat);
        await using var second = first.SameDatabase(sandbox: wechat);
        await using (first)
        {
            first.CreateClient();
            openId = await FollowAsync(first);
            await ClickUnsubscribeAsync(first, openId);
            await PushAsync(first, openId, "unsubscribe");
        }

        second.CreateClient();
        await Eventually.TrueAsync(() => second.QueryAsync(db => db.Set<OptOut>().AllAsync(o => o.ConfirmationSkipped != null)), "confirmation skipped");
        await Eventually.TrueAsync(async () => await FollowerAsync(second, openId) is null, "follower erased");
        Assert.DoesNotContain(wechat.FindFollower(openId)!.Inbox, m => m.Text.Contains("退订", StringComparison.Ordinal));
    }

    [Fact]
    public async Task After_a_crash_the_acknowledged_opt_out_is_there_and_confirmed_exactly_once()
    {
        var wechat = new SandboxState(TimeProvider.System); // WeChat outlives our process
        string openId;
        var first = new WechatLeadsFactory(runJobs: false, sandbox: wechat);
        await using var second = first.SameDatabase(sandbox: wechat);

        // First process: acknowledges the click, then dies before any job runs (its in-memory queue is lost).
        await using (first)
        {
            first.CreateClient();
            openId = await FollowAsync(first);
            var result = await ClickUnsubscribeAsync(first, openId);
            Assert.Equal(200, result.Status);
            Assert.True((await FollowerAsync(first, openId))!.MarketingOptOut);
        }
        Assert.Empty(Confirmations(wechat, openId));

        // Second process on the same database: the outbox sweep at start-up finishes the promised work.
        second.CreateClient();
        Assert.True((await FollowerAsync(second, openId))!.MarketingOptOut);
        await Eventually.TrueAsync(() => Task.FromResult(Confirmations(wechat, openId).Count == 1), "confirmation after restart");
        await Eventually.SettleAsync();
        Assert.Single(Confirmations(wechat, openId));
        Assert.Single(await WithdrawalsAsync(second, openId));
    }

    private static IReadOnlyList<SandboxInboxItem> Confirmations(SandboxState wechat, string openId) =>
        wechat.FindFollower(openId)?.Inbox.Where(m => m.Text.Contains("退订", StringComparison.Ordinal)).ToList() ?? [];
}

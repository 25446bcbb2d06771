using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using WechatLeads.Server.Consent;
using WechatLeads.Server.Followers;
using WechatLeads.Server.Sandbox;
using WechatLeads.Server.Tests.Infrastructure;
using WechatLeads.Server.Unsubscribe;

namespace WechatLeads.Server.Tests.Unsubscribe;

/// <summary>Shared moves of the opt-out tests: a followed sandbox user, pushes through the simulator, and the state to check.</summary>
internal static class OptOutSteps
{
    public static async Task<string> FollowAsync(WechatLeadsFactory app)
    {
        var follower = app.Sandbox.CreateFollower("测试");
        await PushAsync(app, follower.OpenId, "subscribe");
        return follower.OpenId;
    }

    public static Task<SandboxPushSender.PushResult> PushAsync(
        WechatLeadsFactory app,
        string openId,
        string type,
        string? content = null,
        string? key = null,
        bool safe = true) =>
        app.Services.GetRequiredService<SandboxPushSender>()
            .SendAsync(new SandboxPushSender.PushRequest(openId, type, content, key, safe), CancellationToken.None);

    public static Task<SandboxPushSender.PushResult> ClickUnsubscribeAsync(WechatLeadsFactory app, string openId) =>
        PushAsync(app, openId, "click", key: "UNSUBSCRIBE");

    public static IReadOnlyList<SandboxInboxItem> Confirmations(WechatLeadsFactory app, string openId) =>
        app.Sandbox.FindFollower(openId)?.Inbox.Where(m => m.Text.Contains("退订", StringComparison.Ordinal)).ToList() ?? [];

    public static async Task<IReadOnlyList<SandboxInboxItem>> ConfirmationsEventuallyAsync(WechatLeadsFactory app, string openId, int count = 1)
    {
        try
        {
            // Long enough for the outbox sweep (every 15 s, work 30 s old) to re-enqueue work whose first run was lost — the
            // product's promise is "once, reliably", and CI has seen a first run go missing under load (open).
            return await Eventually.ReturnsAsync(
                () => Task.FromResult(Confirmations(app, openId)),
                c => c.Count >= count,
                $"{count} confirmation(s) for {openId}",
                seconds: 150);
        }
        catch (TimeoutException missing)
        {
            // What the server knows of it: the opt-out's confirmation state and its outbox rows, for the next look at a late one.
            var optOuts = await app.QueryAsync(db => db.Set<OptOut>().AsNoTracking().Where(o => o.OpenId == openId)
                .Select(o => $"opt-out {o.Id} at {o.RequestedAt:O}: sent {o.ConfirmationSentAt:O}, "
                    + $"skipped {o.ConfirmationSkipped}, claimed {o.ConfirmationClaimedAt:O}")
                .ToListAsync());
            var outbox = await app.QueryAsync(db => db.Set<Data.OutboxMessage>().AsNoTracking().Where(m => m.Kind == ProcessOptOut.Kind)
                .OrderByDescending(m => m.CreatedAt).Take(5)
                .Select(m => $"outbox {m.Id} at {m.CreatedAt:O}: attempts {m.Attempts}, done {m.ProcessedAt:O}, lease {m.LeaseUntil:O}, error {m.LastError}")
                .ToListAsync());
            throw new TimeoutException(missing.Message + "\n" + string.Join("\n", optOuts.Concat(outbox)), missing);
        }
    }

    public static Task<Follower?> FollowerAsync(WechatLeadsFactory app, string openId) =>
        app.QueryAsync(db => db.Set<Follower>().AsNoTracking().SingleOrDefaultAsync(f => f.OpenId == openId));

    public static Task<List<ConsentEvent>> WithdrawalsAsync(WechatLeadsFactory app, string openId) =>
        app.QueryAsync(db => db.Set<ConsentEvent>().AsNoTracking()
            .Where(e => e.OpenId == openId && e.Purpose == ConsentPurposes.Marketing && e.Action == ConsentActions.Withdrawn).ToListAsync());

    /// <summary>
    /// What an opt-out leaves in the ledger — a withdrawal for every campaign ("*") — written directly, for set-up.
    /// Dated by the host's clock, which a test may have moved: grants are ordered against withdrawals by that time.
    /// </summary>
    public static Task WithdrawInLedgerAsync(WechatLeadsFactory app, string subjectKey, string scope = "*", string channel = "menu") =>
        app.QueryAsync(async db =>
        {
            db.Add(new ConsentEvent
            {
                SubjectKey = subjectKey,
                Purpose = ConsentPurposes.Marketing,
                Action = ConsentActions.Withdrawn,
                Scope = scope,
                Channel = channel,
                OccurredAt = app.Services.GetRequiredService<TimeProvider>().GetUtcNow().UtcDateTime,
            });
            return await db.SaveChangesAsync();
        });

    public static Task<List<OptOut>> OptOutsAsync(WechatLeadsFactory app, string openId) =>
        app.QueryAsync(db => db.Set<OptOut>().AsNoTracking().Where(o => o.OpenId == openId).ToListAsync());
}

using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using WechatLeads.Server.Consent;
using WechatLeads.Server.Data;
using WechatLeads.Server.Followers;
using WechatLeads.Server.Security;

namespace WechatLeads.Server.Unsubscribe;

/// <summary>
/// The console's look-up of one follower's marketing state: subscribed or not, opted out or not, with the
/// consent ledger and every opt-out and its confirmation — what a compliance officer needs to answer "did this
/// person say no, and when".
/// </summary>
internal static class FollowerOptOutEndpoints
{
    public sealed record ConsentEntry(string Purpose, string Action, string Scope, string Channel, string? PolicyVersion, DateTime OccurredAt);

    public sealed record OptOutEntry(DateTime RequestedAt, string Channel, bool Withdrew, string Confirmation, DateTime? ConfirmedAt);

    public sealed record FollowerView(
        string OpenId, bool Subscribed, DateTime? SubscribedAt, bool MarketingOptOut, DateTime? OptOutAt, string? OptOutChannel,
        IReadOnlyList<ConsentEntry> ConsentHistory, IReadOnlyList<OptOutEntry> OptOuts);

    public static RouteGroupBuilder MapFollowerAdmin(this RouteGroupBuilder admin)
    {
        admin.MapGet("/followers/{openId}", GetAsync).WithName("GetFollower")
            .WithSummary("A follower's subscription, marketing opt-out and consent history.");
        return admin;
    }

    private static async Task<Results<Ok<FollowerView>, ProblemHttpResult>> GetAsync(
        string openId, LeadsDbContext db, ConsentLedger ledger, SubjectHasher hasher, CancellationToken ct)
    {
        var follower = await db.Set<Follower>().AsNoTracking().SingleOrDefaultAsync(f => f.OpenId == openId, ct);
        if (follower is null)
            return FollowerProblems.NotFound.ToResult();

        var subjectKey = hasher.HashOpenId(openId);
        var history = (await ledger.HistoryAsync(subjectKey, ct))
            .Select(e => new ConsentEntry(e.Purpose, e.Action, e.Scope, e.Channel, e.PolicyVersion, e.OccurredAt)).ToList();
        var optOuts = await db.Set<OptOut>().AsNoTracking().Where(o => o.SubjectKey == subjectKey).OrderBy(o => o.RequestedAt)
            .Select(o => new OptOutEntry(o.RequestedAt, o.Channel, o.Withdrew,
                o.ConfirmationSentAt != null ? "sent" : o.ConfirmationSkipped != null ? "skipped:" + o.ConfirmationSkipped : "pending",
                o.ConfirmationSentAt))
            .ToListAsync(ct);

        return TypedResults.Ok(new FollowerView(follower.OpenId, follower.Subscribed, follower.SubscribedAt, follower.MarketingOptOut,
            follower.OptOutAt, follower.OptOutChannel, history, optOuts));
    }
}

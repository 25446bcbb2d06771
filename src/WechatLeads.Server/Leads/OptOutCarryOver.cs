using Microsoft.EntityFrameworkCore;
using WechatLeads.Server.Consent;
using WechatLeads.Server.Data;

namespace WechatLeads.Server.Leads;

/// <summary>
/// An opt-out is recorded under the WeChat identity it came through, and the marketing gate finds a person's
/// opt-outs through the identities that still have leads. When leads are erased (unfollow, deletion,
/// retention) an identity can disappear while the same phone number stays known through another one: its
/// opt-out is then written again under each remaining identity whose last grant is older, so erasing data
/// never turns a "no" back into a "yes".
/// </summary>
internal static class OptOutCarryOver
{
    public const string Channel = "carried-over";

    public static async Task PreserveAsync(LeadsDbContext db, IReadOnlyCollection<string> leavingLeadIds, DateTime now, CancellationToken ct)
    {
        var leaving = await db.Set<Lead>().Where(l => leavingLeadIds.Contains(l.Id)).Select(l => new { l.PersonId, l.SubjectKey }).Distinct().ToListAsync(ct);
        var marketing = db.Set<ConsentEvent>().Where(e => e.Purpose == ConsentPurposes.Marketing);
        foreach (var person in leaving.GroupBy(l => l.PersonId))
        {
            var remaining = await db.Set<Lead>().Where(l => l.PersonId == person.Key && !leavingLeadIds.Contains(l.Id))
                .Select(l => l.SubjectKey).Distinct().ToListAsync(ct);
            var lost = person.Select(l => l.SubjectKey).Except(remaining).ToList();
            if (remaining.Count == 0 || lost.Count == 0) continue;
            var optOut = await marketing.Where(e => lost.Contains(e.SubjectKey)
                && e.Action == ConsentActions.Withdrawn
                && e.Scope == ConsentScopes.AllCampaigns)
                .MaxAsync(e => (long?)e.Id, ct);
            if (optOut is not { } optOutId) continue;
            foreach (var subject in remaining)
            {
                var lastGrant = await marketing.Where(e => e.SubjectKey == subject && e.Action == ConsentActions.Granted).MaxAsync(e => (long?)e.Id, ct) ?? 0;
                if (optOutId > lastGrant)
                    ConsentLedgerWrites.Record(db, [ConsentEvent.MarketingWithdrawnEverywhere(subject, null, Channel, now)]);
            }
        }
        await db.SaveChangesAsync(ct);
    }
}

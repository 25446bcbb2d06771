using Microsoft.EntityFrameworkCore;
using WechatLeads.Server.Campaigns;
using WechatLeads.Server.Data;
using WechatLeads.Server.Leads;

namespace WechatLeads.Server.Marketing;

/// <summary>
/// Draws a send's audience once: one delivery per person (a person with leads in several campaigns of the
/// segment gets one message), pointing at their newest lead in it. Only leads that said yes to marketing
/// are drawn; whether that yes still holds is the gate's question, asked again at sending time.
/// </summary>
internal sealed class MarketingAudience(LeadsDbContext db)
{
    public sealed record Member(string PersonId, string LeadId);

    /// <summary>The audience in person order, from just after <paramref name="afterPerson"/> (keyset paging).</summary>
    public IQueryable<Member> Query(MarketingSend send, string afterPerson = "")
    {
        // Proven numbers only: a number nobody proved is not a lead, and a consent given with it is not its owner's.
        var leads = db.Set<Lead>().AsNoTracking().Where(l => l.MarketingConsent && db.Set<Person>().Any(p => p.Id == l.PersonId && p.Proven));
        // A WeChat message needs the person's Official Account identity: draw among the leads that have one.
        if (send.Channel != MarketingChannels.Sms) leads = leads.Where(l => l.Channel == "h5" && l.OpenId != null);
        if (send.AudienceSource is { } source) leads = leads.Where(l => l.Source == source);
        if (send.AudienceStore is { } store) leads = leads.Where(l => l.Store == store);
        if (send.AudienceFrom is { } from) leads = leads.Where(l => l.CreatedAt >= from);
        if (send.AudienceTo is { } to) leads = leads.Where(l => l.CreatedAt < to);
        if (send.AudienceCampaign is { } slug)
            leads = leads.Where(l => db.Set<Campaign>().Any(c => c.Id == l.CampaignId && c.Slug == slug));
        return leads.Where(l => string.Compare(l.PersonId, afterPerson) > 0)
            .GroupBy(l => l.PersonId).OrderBy(g => g.Key).Select(g => new Member(g.Key, g.Max(l => l.Id)!));
    }

    /// <summary>Writes the deliveries and marks the audience drawn, in one transaction: all or nothing.</summary>
    public async Task BuildAsync(MarketingSend send, DateTime now, CancellationToken ct)
    {
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        var count = 0;
        var after = "";
        while (true)
        {
            // Pages in person order: one open reader at a time (PostgreSQL has no MARS), bounded memory.
            var page = await Query(send, after).Take(2000).ToListAsync(ct);
            if (page.Count == 0) break;
            db.AddRange(page.Select(m => new MarketingDelivery { SendId = send.Id, PersonId = m.PersonId, LeadId = m.LeadId }));
            await db.SaveChangesAsync(ct);
            db.ChangeTracker.Clear();
            count += page.Count;
            after = page[^1].PersonId;
        }
        await db.Set<MarketingSend>().Where(s => s.Id == send.Id).ExecuteUpdateAsync(s => s
            .SetProperty(x => x.AudienceBuiltAt, now).SetProperty(x => x.AudienceSize, count)
            .SetProperty(x => x.Status, x => x.Status == MarketingSendStatus.Scheduled ? MarketingSendStatus.Running : x.Status)
            .SetProperty(x => x.StartedAt, now), ct);
        await transaction.CommitAsync(ct);
    }
}

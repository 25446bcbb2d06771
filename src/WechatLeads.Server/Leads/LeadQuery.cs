using Microsoft.EntityFrameworkCore;
using WechatLeads.Server.Campaigns;
using WechatLeads.Server.Consent;
using WechatLeads.Server.Data;

namespace WechatLeads.Server.Leads;

/// <summary>The search every lead list and export shares. Dates are UTC; <c>to</c> is exclusive.</summary>
internal sealed record LeadFilter(string? Campaign, DateTime? From, DateTime? To, string? Source, string? Store, string? Channel, string? Consent)
{
    /// <summary>Paging: only leads with a larger id (ids are time-ordered).</summary>
    public string? After { get; init; }

    /// <summary>Only the person with this phone (its keyed blind index: a search by full number, exact match).</summary>
    public string? PhoneIndex { get; init; }

    /// <summary>Only leads whose number was proven (by SMS code or WeChat), or only those whose number was not.</summary>
    public bool? Proven { get; init; }

    public string Describe() => string.Join(';', new[]
    {
        Campaign is null ? null : "campaign=" + Campaign, From is null ? null : $"from={From:O}", To is null ? null : $"to={To:O}",
        Source is null ? null : "source=" + Source, Store is null ? null : "store=" + Store,
        Channel is null ? null : "channel=" + Channel, Consent is null ? null : "consent=" + Consent,
        Proven is null ? null : "proven=" + (Proven.Value ? "yes" : "no"), PhoneIndex is null ? null : "phone=(searched)",
    }.Where(p => p is not null));
}

/// <summary>A lead joined with its campaign and its encrypted phone; never the phone in the clear.</summary>
internal sealed record LeadRow(
    string Id, string Campaign, string PhoneCipher, string Channel, string? Source, string? Store, bool MarketingConsent, DateTime CreatedAt, bool PhoneProven);

internal static class LeadQuery
{
    public const string ConsentMarketing = "marketing";
    public const string ConsentNone = "none";

    /// <summary>Leads matching <paramref name="filter"/>, oldest first (id order, for stable paging) or newest first (the console).</summary>
    public static IQueryable<LeadRow> Search(LeadsDbContext db, LeadFilter filter, bool newestFirst = false)
    {
        var leads = db.Set<Lead>().AsNoTracking().AsQueryable();
        if (filter.From is { } from) leads = leads.Where(l => l.CreatedAt >= from);
        if (filter.To is { } to) leads = leads.Where(l => l.CreatedAt < to);
        if (filter.Source is { } source) leads = leads.Where(l => l.Source == source);
        if (filter.Store is { } store) leads = leads.Where(l => l.Store == store);
        if (filter.Channel is { } channel) leads = leads.Where(l => l.Channel == channel);
        if (filter.Consent == ConsentNone) leads = leads.Where(l => !l.MarketingConsent);
        if (filter.After is { } after) leads = leads.Where(l => string.Compare(l.Id, after) > 0);

        var rows = from l in leads
                   join c in db.Set<Campaign>() on l.CampaignId equals c.Id
                   join p in db.Set<Person>() on l.PersonId equals p.Id
                   select new { l, c.Slug, p.PhoneCipher, p.Proven };
        if (filter.Campaign is { } slug) rows = rows.Where(r => r.Slug == slug);
        if (filter.PhoneIndex is { } index) rows = rows.Where(r => db.Set<Person>().Any(p => p.Id == r.l.PersonId && p.PhoneIndex == index));
        if (filter.Proven is { } proven) rows = rows.Where(r => r.Proven == proven);
        if (filter.Consent == ConsentMarketing)
        {
            // Marketing consent in force now: the person's latest word for this campaign is a grant, later
            // than any withdrawal for it or for every campaign (an opt-out). Evaluated in the database.
            // Only a proven number is a marketing audience, and an opt-out through any identity that proved it
            // (each lead of the person did) wins over this identity's grant.
            var events = db.Set<ConsentEvent>();
            rows = rows.Where(r => r.Proven && r.l.MarketingConsent
                && !events.Any(e => e.Purpose == ConsentPurposes.Marketing && e.Action == ConsentActions.Withdrawn && e.Scope == ConsentScopes.AllCampaigns
                                    && db.Set<Lead>().Any(o => o.PersonId == r.l.PersonId && o.SubjectKey == e.SubjectKey)
                                    && e.Id > events.Where(g => g.SubjectKey == r.l.SubjectKey && g.Purpose == ConsentPurposes.Marketing
                                                                && g.Action == ConsentActions.Granted && g.Scope == r.Slug).Max(g => (long?)g.Id))
                && events.Where(e => e.SubjectKey == r.l.SubjectKey && e.Purpose == ConsentPurposes.Marketing
                                     && e.Action == ConsentActions.Granted && e.Scope == r.Slug).Max(e => (long?)e.Id)
                   > (events.Where(e => e.SubjectKey == r.l.SubjectKey && e.Purpose == ConsentPurposes.Marketing
                                        && e.Action == ConsentActions.Withdrawn && (e.Scope == r.Slug
                                            || e.Scope == ConsentScopes.AllCampaigns)).Max(e => (long?)e.Id) ?? 0));
        }
        return (newestFirst ? rows.OrderByDescending(r => r.l.Id) : rows.OrderBy(r => r.l.Id))
            .Select(r => new LeadRow(r.l.Id, r.Slug, r.PhoneCipher, r.l.Channel, r.l.Source, r.l.Store, r.l.MarketingConsent, r.l.CreatedAt, r.Proven));
    }
}

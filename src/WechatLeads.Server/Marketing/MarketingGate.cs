using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using WechatLeads.Server.Campaigns;
using WechatLeads.Server.Consent;
using WechatLeads.Server.Data;
using WechatLeads.Server.Leads;

namespace WechatLeads.Server.Marketing;

/// <summary>What the gate needs to know about one person at the moment of sending.</summary>
public sealed record GateFacts(
    bool LeadExists,
    long? GrantId,
    string? GrantPolicyVersion,
    string CurrentPolicyVersion,
    long LatestOptOutId,
    bool WithdrawnForCampaign,
    bool NeedsOfficialAccountOpenId,
    bool HasOfficialAccountOpenId,
    bool GrantLapsed = false,
    bool PhoneProven = true);

/// <summary>
/// The rules every single marketing message passes just before it goes out. Consent and opt-out are read
/// from the ledger at that moment — not when the audience was drawn — so an opt-out arriving in the middle
/// of a send stops that person's message. The frequency cap is taken last, by a conditional update, only
/// for a message that will really be sent. Quiet hours are the sending job's business (it waits, not skips).
/// </summary>
internal sealed class MarketingGate(LeadsDbContext db, IOptionsMonitor<MarketingOptions> options)
{
    /// <summary>The first rule a message fails, or null when only the cap is left to check.</summary>
    public static string? Decide(GateFacts f)
    {
        if (!f.LeadExists) return SkipReasons.Erased;
        // Drawn before proof was required, still pending: a number nobody proved is nobody's consent.
        if (!f.PhoneProven) return SkipReasons.PhoneNotProven;
        if (f.GrantId is not { } grant) return SkipReasons.NoConsent;
        if (f.LatestOptOutId > grant) return SkipReasons.OptedOut;
        if (f.WithdrawnForCampaign) return SkipReasons.NoConsent;
        if (f.GrantPolicyVersion != f.CurrentPolicyVersion) return SkipReasons.OutdatedPolicy;
        if (f.GrantLapsed) return SkipReasons.ConsentLapsed;
        if (f.NeedsOfficialAccountOpenId && !f.HasOfficialAccountOpenId) return SkipReasons.NoWechatIdentity;
        return null;
    }

    /// <summary>The gate's facts and where to send, in one round trip (this runs once per message).</summary>
    public async Task<(GateFacts Facts, Recipient? To)> FactsAsync(MarketingDelivery delivery, string channel, DateTime now, CancellationToken ct)
    {
        var needsOpenId = channel != MarketingChannels.Sms;
        var marketing = db.Set<ConsentEvent>().Where(e => e.Purpose == ConsentPurposes.Marketing);
        // Every WeChat identity this person joined with: an opt-out through any of them counts.
        var subjects = db.Set<Lead>().Where(l => l.PersonId == delivery.PersonId).Select(l => l.SubjectKey);
        // Subqueries written out in the projection (EF can't project a query held in a "let").
        var row = await (
            from l in db.Set<Lead>().AsNoTracking()
            where l.Id == delivery.LeadId
            join c in db.Set<Campaign>() on l.CampaignId equals c.Id
            join p in db.Set<Person>() on l.PersonId equals p.Id
            select new
            {
                l.OpenId,
                l.Channel,
                c.PolicyVersion,
                p.PhoneCipher,
                p.Proven,
                GrantId = marketing.Where(e => e.SubjectKey == l.SubjectKey && e.Action == ConsentActions.Granted && e.Scope == c.Slug).Max(e => (long?)e.Id),
                GrantPolicy = marketing.Where(e => e.SubjectKey == l.SubjectKey && e.Action == ConsentActions.Granted && e.Scope == c.Slug)
                    .OrderByDescending(e => e.Id).Select(e => e.PolicyVersion).FirstOrDefault(),
                GrantedAt = marketing.Where(e => e.SubjectKey == l.SubjectKey && e.Action == ConsentActions.Granted && e.Scope == c.Slug)
                    .Max(e => (DateTime?)e.OccurredAt),
                OptOut = marketing.Where(e => subjects.Contains(e.SubjectKey) && e.Action == ConsentActions.Withdrawn && e.Scope == ConsentScopes.AllCampaigns)
                    .Max(e => (long?)e.Id),
                WithdrawnId = marketing.Where(e => subjects.Contains(e.SubjectKey) && e.Action == ConsentActions.Withdrawn && e.Scope == c.Slug)
                    .Max(e => (long?)e.Id),
                WithdrawnAt = marketing.Where(e => subjects.Contains(e.SubjectKey) && e.Action == ConsentActions.Withdrawn && e.Scope == c.Slug)
                    .Max(e => (DateTime?)e.OccurredAt),
            }).SingleOrDefaultAsync(ct);
        if (row is null) return (new GateFacts(false, null, null, "", 0, false, needsOpenId, false), null);
        var openId = row.Channel == "h5" ? row.OpenId : null; // a mini-program openid can't receive Official Account messages
        var lapsed = row.GrantedAt is { } at && at < now - options.CurrentValue.ConsentLifetime;
        var withdrawn = Consent.ConsentOrder.WithdrawalCoversGrant(row.WithdrawnAt, row.WithdrawnId, row.GrantedAt, row.GrantId);
        return (new GateFacts(
            true,
            row.GrantId,
            row.GrantPolicy,
            row.PolicyVersion,
            row.OptOut ?? 0,
            withdrawn,
            needsOpenId,
            openId is not null,
            lapsed,
            row.Proven),
            new Recipient($"{delivery.SendId}-{delivery.PersonId}", openId, row.PhoneCipher));
    }

    private static readonly DateTime Never = new(2000, 1, 1, 0, 0, 0, DateTimeKind.Utc);

    /// <summary>
    /// Takes one of the person's cap slots, stamped with <paramref name="now"/> (the delivery's claim time,
    /// whole milliseconds so that every provider stores it exactly); false when all were used within the window.
    /// </summary>
    public async Task<bool> TryTakeCapAsync(string personId, DateTime now, CancellationToken ct)
    {
        var o = options.CurrentValue;
        var cutoff = now - o.CapWindow;
        for (var slot = 0; slot < o.CapMessages; slot++)
        {
            // Inserted if new, taken if its last use is older than the window; the database evaluates the
            // condition on the row itself, so two senders can't both take the same slot.
            var taken = await db.Database.ExecuteSqlAsync($"""
                INSERT INTO "MarketingQuotaSlots" ("PersonId", "Slot", "LastUsedAt") VALUES ({personId}, {slot}, {now})
                ON CONFLICT ("PersonId", "Slot") DO UPDATE SET "LastUsedAt" = excluded."LastUsedAt" WHERE "MarketingQuotaSlots"."LastUsedAt" <= {cutoff}
                """, ct);
            if (taken == 1) return true;
        }
        return false;
    }

    /// <summary>Whether the slot stamped with this claim time was taken (a resumed delivery may have crashed before).</summary>
    public Task<bool> HoldsCapAsync(string personId, DateTime claimedAt, CancellationToken ct) =>
        db.Set<MarketingQuotaSlot>().AnyAsync(s => s.PersonId == personId && s.LastUsedAt == claimedAt, ct);

    /// <summary>Gives a slot back when nothing was sent after all (a refusal, a failure, a retry later).</summary>
    public Task ReleaseCapAsync(string personId, DateTime claimedAt, CancellationToken ct) =>
        db.Set<MarketingQuotaSlot>().Where(s => s.PersonId == personId && s.LastUsedAt == claimedAt)
            .ExecuteUpdateAsync(s => s.SetProperty(x => x.LastUsedAt, Never), ct);
}

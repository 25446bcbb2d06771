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
    long LatestCampaignWithdrawalId,
    bool NeedsOfficialAccountOpenId,
    bool HasOfficialAccountOpenId);

/// <summary>
/// The rules every single marketing message passes just before it goes out. Consent and opt-out are read
/// from the ledger at that moment — not when the audience was drawn — so an opt-out arriving in the middle
/// of a send stops that person's message. The frequency cap is taken last, by a conditional update, only
/// for a message that will really be sent. Quiet hours are the sending job's business (it waits, not skips).
/// </summary>
public sealed class MarketingGate(LeadsDbContext db, IOptionsMonitor<MarketingOptions> options)
{
    private static readonly DateTime Never = new(2000, 1, 1, 0, 0, 0, DateTimeKind.Utc);

    /// <summary>The first rule a message fails, or null when only the cap is left to check.</summary>
    public static string? Decide(GateFacts f)
    {
        if (!f.LeadExists) return SkipReasons.Erased;
        if (f.GrantId is not { } grant) return SkipReasons.NoConsent;
        if (f.LatestOptOutId > grant) return SkipReasons.OptedOut;
        if (f.LatestCampaignWithdrawalId > grant) return SkipReasons.NoConsent;
        if (f.GrantPolicyVersion != f.CurrentPolicyVersion) return SkipReasons.OutdatedPolicy;
        if (f.NeedsOfficialAccountOpenId && !f.HasOfficialAccountOpenId) return SkipReasons.NoWechatIdentity;
        return null;
    }

    public async Task<GateFacts> FactsAsync(MarketingDelivery delivery, string channel, CancellationToken ct)
    {
        var lead = await db.Set<Lead>().AsNoTracking().Where(l => l.Id == delivery.LeadId)
            .Join(db.Set<Campaign>(), l => l.CampaignId, c => c.Id, (l, c) => new { l.SubjectKey, l.OpenId, l.Channel, c.Slug, c.PolicyVersion })
            .SingleOrDefaultAsync(ct);
        var needsOpenId = channel != MarketingChannels.Sms;
        if (lead is null) return new GateFacts(false, null, null, "", 0, 0, needsOpenId, false);

        // Every WeChat identity this person joined with: an opt-out through any of them counts.
        var subjects = db.Set<Lead>().Where(l => l.PersonId == delivery.PersonId).Select(l => l.SubjectKey);
        var marketing = db.Set<ConsentEvent>().AsNoTracking().Where(e => e.Purpose == ConsentPurposes.Marketing);
        var grant = await marketing.Where(e => e.SubjectKey == lead.SubjectKey && e.Action == ConsentActions.Granted && e.Scope == lead.Slug)
            .OrderByDescending(e => e.Id).Select(e => new { e.Id, e.PolicyVersion }).FirstOrDefaultAsync(ct);
        var withdrawals = marketing.Where(e => subjects.Contains(e.SubjectKey) && e.Action == ConsentActions.Withdrawn);
        var optOut = await withdrawals.Where(e => e.Scope == "*").MaxAsync(e => (long?)e.Id, ct) ?? 0;
        var campaignWithdrawal = await withdrawals.Where(e => e.Scope == lead.Slug).MaxAsync(e => (long?)e.Id, ct) ?? 0;
        return new GateFacts(true, grant?.Id, grant?.PolicyVersion, lead.PolicyVersion, optOut, campaignWithdrawal,
            needsOpenId, lead.Channel == "h5" && lead.OpenId is not null);
    }

    /// <summary>Takes one of the person's cap slots; false when all were used within the window.</summary>
    public async Task<bool> TryTakeCapAsync(string personId, DateTime now, CancellationToken ct)
    {
        var o = options.CurrentValue;
        var cutoff = now - o.CapWindow;
        for (var slot = 0; slot < o.CapMessages; slot++)
            await db.Database.ExecuteSqlAsync($"""
                INSERT INTO "MarketingQuotaSlots" ("PersonId", "Slot", "LastUsedAt") VALUES ({personId}, {slot}, {Never}) ON CONFLICT DO NOTHING
                """, ct);
        for (var attempt = 0; attempt < 3; attempt++)
        {
            // The outer condition is re-checked on the row itself: two senders choosing the same free slot
            // can't both take it; the loser looks for another.
            var taken = await db.Database.ExecuteSqlAsync($"""
                UPDATE "MarketingQuotaSlots" SET "LastUsedAt" = {now}
                WHERE "PersonId" = {personId} AND "LastUsedAt" <= {cutoff} AND "Slot" < {o.CapMessages} AND "Slot" = (
                    SELECT "Slot" FROM "MarketingQuotaSlots" WHERE "PersonId" = {personId} AND "LastUsedAt" <= {cutoff} AND "Slot" < {o.CapMessages}
                    ORDER BY "Slot" LIMIT 1)
                """, ct);
            if (taken == 1) return true;
            var anyFree = await db.Set<MarketingQuotaSlot>().AnyAsync(s => s.PersonId == personId && s.LastUsedAt <= cutoff && s.Slot < o.CapMessages, ct);
            if (!anyFree) return false;
        }
        return false;
    }
}

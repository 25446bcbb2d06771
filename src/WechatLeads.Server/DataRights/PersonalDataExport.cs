using Microsoft.EntityFrameworkCore;
using WechatLeads.Server.Campaigns;
using WechatLeads.Server.Consent;
using WechatLeads.Server.Data;
using WechatLeads.Server.Leads;
using WechatLeads.Server.Marketing;

namespace WechatLeads.Server.DataRights;

/// <summary>
/// Everything held about one WeChat identity, as the person's own copy (PIPL Art. 45): campaigns joined,
/// their phone number in full (it is theirs), prizes and coupons, every consent given or withdrawn, the
/// marketing messages sent to them, their requests, and whether marketing consent is in force now.
/// </summary>
internal sealed class PersonalDataExport(
    LeadsDbContext db,
    PhoneProtector phones,
    MarketingChoices marketing,
    Fulfilment.MyPrizes prizeDeliveries,
    TimeProvider time)
{
    public sealed record Copy(
        DateTime GeneratedAt, IReadOnlyList<string> PhoneNumbers, IReadOnlyList<CampaignJoined> Campaigns, IReadOnlyList<PrizeWon> Prizes,
        IReadOnlyList<ConsentRecord> Consents, IReadOnlyList<MessageRecord> MarketingMessages, IReadOnlyList<RequestRecord> Requests,
        MarketingChoices.MarketingState Marketing, IReadOnlyList<PrizeDelivery> PrizeDeliveries);

    /// <summary>A physical prize and where it goes: the address in full (it is the person's own), the state, the parcel.</summary>
    public sealed record PrizeDelivery(
        string Campaign, string Prize, string State, DateTime ClaimBy, string? Method, string? PickupStore, Fulfilment.DeliveryAddress? Address,
        string? Carrier, string? TrackingNumber, DateTime WonAt);

    public sealed record CampaignJoined(
        string Campaign,
        string Title,
        DateTime JoinedAt,
        string Channel,
        string? Source,
        string? Store,
        bool MarketingConsent,
        DateTime KeptUntil);

    /// <summary>A participation's outcome; for a coupon, where it stands now (issued, redeemed, expired, voided).</summary>
    public sealed record PrizeWon(
        string Campaign, string Outcome, string? Prize, string? CouponCode, DateTime? CouponExpiresAt, DateTime At, string? CouponState, DateTime? RedeemedAt);

    public sealed record ConsentRecord(string Purpose, string Action, string Scope, string? PolicyVersion, string Channel, DateTime At);

    public sealed record MessageRecord(string Name, string Channel, string Status, DateTime? At);

    public sealed record RequestRecord(string Type, DateTime ReceivedAt, DateTime DueAt, string Status, DateTime? CompletedAt);

    public async Task<Copy> BuildAsync(string subjectKey, CancellationToken ct)
    {
        var leads = await db.Set<Lead>().AsNoTracking().Where(l => l.SubjectKey == subjectKey)
            .Join(db.Set<Campaign>(), l => l.CampaignId, c => c.Id, (l, c) => new { l, c.Slug, c.Title }).OrderBy(x => x.l.CreatedAt).ToListAsync(ct);
        var personIds = leads.Select(x => x.l.PersonId).Distinct().ToList();
        var numbers = (await db.Set<Person>().AsNoTracking().Where(p => personIds.Contains(p.Id)).Select(p => p.PhoneCipher).ToListAsync(ct))
            .Select(phones.Decrypt).ToList();
        var prizes = await (
            from p in db.Set<ParticipationRecord>().AsNoTracking().Where(p => p.SubjectKey == subjectKey)
            join c in db.Set<Campaign>() on p.CampaignId equals c.Id
            join k in db.Set<Coupons.Coupon>() on p.Id equals k.Id into coupons
            from k in coupons.DefaultIfEmpty()
            select new PrizeWon(
                c.Slug,
                p.Outcome,
                p.PrizeName,
                p.CouponCode,
                p.CouponExpiresAt,
                p.CreatedAt,
                k == null ? null : k.State,
                k == null ? null : k.RedeemedAt))
            .ToListAsync(ct);
        var consents = await db.Set<ConsentEvent>().AsNoTracking().Where(e => e.SubjectKey == subjectKey).OrderBy(e => e.Id)
            .Select(e => new ConsentRecord(e.Purpose, e.Action, e.Scope, e.PolicyVersion, e.Channel, e.OccurredAt)).ToListAsync(ct);
        // Messages to proven numbers only: an unproven number (typed before proof was required) may be someone
        // else's, and what they were sent is theirs, not this identity's.
        var provenIds = await db.Set<Person>().AsNoTracking().Where(p => personIds.Contains(p.Id) && p.Proven).Select(p => p.Id).ToListAsync(ct);
        var messages = await db.Set<MarketingDelivery>().AsNoTracking()
            .Where(d => provenIds.Contains(d.PersonId) && MarketingDeliveryStatus.Received.Contains(d.Status))
            .Join(db.Set<MarketingSend>(), d => d.SendId, s => s.Id, (d, s) => new MessageRecord(s.Name, s.Channel, d.Status, d.CompletedAt)).ToListAsync(ct);
        var requests = await db.Set<DataSubjectRequest>().AsNoTracking().Where(r => r.SubjectKey == subjectKey).OrderBy(r => r.ReceivedAt)
            .Select(r => new RequestRecord(r.Type, r.ReceivedAt, r.DueAt, r.Status, r.CompletedAt)).ToListAsync(ct);
        return new Copy(time.GetUtcNow().UtcDateTime, numbers,
            [.. leads.Select(x => new CampaignJoined(x.Slug, x.Title, x.l.CreatedAt, x.l.Channel, x.l.Source, x.l.Store, x.l.MarketingConsent, x.l.ExpiresAt))],
            prizes, consents, messages, requests, await marketing.StateAsync(subjectKey, ct),
            [.. (await prizeDeliveries.ListAsync(subjectKey, ct))
                .Select(p => new PrizeDelivery(p.Campaign, p.Prize, p.State, p.ClaimBy, p.Method, p.PickupStore,
                p.Address, p.Carrier, p.TrackingNumber, p.WonAt))]);
    }
}

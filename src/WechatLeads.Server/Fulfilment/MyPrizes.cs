using Microsoft.EntityFrameworkCore;
using WechatLeads.Server.CampaignConsole;
using WechatLeads.Server.Campaigns;
using WechatLeads.Server.Consent;
using WechatLeads.Server.Coupons;
using WechatLeads.Server.Data;
using WechatLeads.Server.Participation;
using WechatLeads.Server.Platform.Identity;
using WechatLeads.Server.Privacy;
using WechatLeads.Server.Stores;

namespace WechatLeads.Server.Fulfilment;

/// <summary>
/// The winner's side of a physical prize, for the H5 pages and the mini-program API alike: their prizes, and
/// where each should go. Giving an address is a separate purpose (奖品寄送) with its own consent event.
/// </summary>
internal sealed class MyPrizes(LeadsDbContext db, AddressProtector addresses, TimeProvider time)
{
    /// <summary>One prize as its winner sees it. <see cref="Address"/> is their own, in full.</summary>
    public sealed record PrizeView(
        string Id, string Campaign, string Prize, string State, string StateText, DateTime ClaimBy, string? Method, string? PickupStore,
        string? PickupStoreName, string? PickupStoreAddress, DeliveryAddress? Address, string? Carrier, string? TrackingNumber, DateTime WonAt)
    {
        public bool CanClaim(DateTime now) => State == FulfilmentStates.AwaitingAddress && now < ClaimBy || State == FulfilmentStates.Ready;
    }

    /// <summary>What the winner chose: <c>delivery</c> with name, phone and address, or <c>pickup</c> with a store code.</summary>
    public sealed record ClaimInput(string? Method, string? Name, string? Phone, string? Address, string? Store);

    public enum Outcome { Saved, NotFound, Closed, Invalid }

    public async Task<List<PrizeView>> ListAsync(string subjectKey, CancellationToken ct) => await ViewsAsync(subjectKey, null, ct);

    public async Task<PrizeView?> FindAsync(string subjectKey, string id, CancellationToken ct) => (await ViewsAsync(subjectKey, id, ct)).SingleOrDefault();

    private async Task<List<PrizeView>> ViewsAsync(string subjectKey, string? id, CancellationToken ct)
    {
        var rows = await db.Set<PrizeFulfilment>().AsNoTracking().Where(f => f.SubjectKey == subjectKey && (id == null || f.Id == id))
            .Join(db.Set<Campaign>(), f => f.CampaignId, c => c.Id, (f, c) => new { f, c.Title })
            .Join(db.Set<Prize>(), x => x.f.PrizeId, p => p.Id, (x, p) => new { x.f, x.Title, p.Name })
            .GroupJoin(db.Set<Store>(), x => x.f.PickupStore, s => s.Code, (x, s) => new { x, s })
            .SelectMany(
                g => g.s.DefaultIfEmpty(),
                (g, s) => new { g.x.f, g.x.Title, g.x.Name, StoreName = s == null ? null : s.Name, StoreAddress = s == null ? null : s.Address })
            .OrderByDescending(x => x.f.CreatedAt).Take(100).ToListAsync(ct);
        return rows.Select(r => new PrizeView(r.f.Id, r.Title, r.Name, r.f.State, FulfilmentStates.Chinese(r.f.State, r.f.Method), r.f.ClaimBy, r.f.Method,
            r.f.PickupStore, r.StoreName, r.StoreAddress, r.f.AddressCipher is null
                ? null
                : addresses.Decrypt(r.f.AddressCipher), r.f.Carrier, r.f.TrackingNumber,
            r.f.CreatedAt)).ToList();
    }

    /// <summary>
    /// Records where the prize goes and the delivery consent, in one transaction. Allowed while the claim is
    /// open, and again while nothing has been shipped (a corrected address); never after.
    /// </summary>
    public async Task<(Outcome Outcome, string? Problem)> ClaimAsync(
        Participant who, string id, ClaimInput input, string? ip, string? userAgent, CancellationToken ct)
    {
        var row = await db.Set<PrizeFulfilment>().AsNoTracking().Where(f => f.Id == id && f.SubjectKey == who.SubjectKey)
            .Join(db.Set<Campaign>(), f => f.CampaignId, c => c.Id, (f, c) => new { f.State, f.ClaimBy, c.Slug, c.PolicyVersion })
            .SingleOrDefaultAsync(ct);
        if (row is null) return (Outcome.NotFound, null);
        var now = time.GetUtcNow().UtcDateTime;
        if (!(row.State == FulfilmentStates.AwaitingAddress && now < row.ClaimBy || row.State == FulfilmentStates.Ready)) return (Outcome.Closed, null);

        string? cipher = null, store = null;
        if (input.Method == FulfilmentMethods.Pickup)
        {
            store = input.Store?.Trim();
            if (string.IsNullOrEmpty(store) || store.Length > 32 || !await db.Set<Store>().AnyAsync(s => s.Code == store, ct))
                return (Outcome.Invalid, "请选择一家领取门店。");
        }
        else if (input.Method == FulfilmentMethods.Delivery)
        {
            if (DeliveryAddress.Problem(input.Name, input.Phone, input.Address, out var address) is { } problem) return (Outcome.Invalid, problem);
            cipher = addresses.Encrypt(address!);
        }
        else return (Outcome.Invalid, "请选择邮寄或到店领取。");

        var notice = await DeliveryNoticeAsync(ct);
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        var method = input.Method;
        // Conditional on the state read above, so a deadline that lapsed (or a shipment) in between wins.
        var changed = await db.Set<PrizeFulfilment>()
            .Where(f => f.Id == id && f.SubjectKey == who.SubjectKey && f.State == row.State && (f.State == FulfilmentStates.Ready || f.ClaimBy > now))
            .ExecuteUpdateAsync(s => s.SetProperty(f => f.State, FulfilmentStates.Ready).SetProperty(f => f.Method, method)
                .SetProperty(f => f.PickupStore, store).SetProperty(f => f.AddressCipher, cipher).SetProperty(f => f.AddressAt, now), ct);
        if (changed == 0) return (Outcome.Closed, null);
        ConsentLedgerWrites.Record(db, [new ConsentEvent
        {
            SubjectKey = who.SubjectKey,
            OpenId = who.OpenId,
            Purpose = ConsentPurposes.Delivery,
            Action = ConsentActions.Granted,
            Scope = row.Slug,
            PolicyVersion = notice?.Version ?? row.PolicyVersion,
            PolicyHash = notice?.ContentHash,
            Channel = who.Channel,
            Ip = Clip(ip, 64),
            UserAgent = Clip(userAgent, 512),
            OccurredAt = now,
        }]);
        await db.SaveChangesAsync(ct);
        await transaction.CommitAsync(ct);
        return (Outcome.Saved, null);
    }

    /// <summary>
    /// The notice the delivery consent is given under: the newest published one, which is what the address page
    /// links to — the campaign's own notice may predate the delivery purpose (2026-11 does; 2026-12 adds it).
    /// </summary>
    public async Task<PrivacyPolicy?> DeliveryNoticeAsync(CancellationToken ct) =>
        await db.Set<PrivacyPolicy>().AsNoTracking().OrderByDescending(p => p.PublishedAt).ThenByDescending(p => p.Version).FirstOrDefaultAsync(ct);

    public async Task<List<Store>> StoresAsync(CancellationToken ct) =>
        await db.Set<Store>().AsNoTracking().OrderBy(s => s.Code).Take(500).ToListAsync(ct);

    private static string? Clip(string? value, int max) => value is null ? null : value.Length <= max ? value : value[..max];
}

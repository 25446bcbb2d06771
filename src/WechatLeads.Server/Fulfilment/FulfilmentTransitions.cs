using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using WechatLeads.Server.Data;

namespace WechatLeads.Server.Fulfilment;

/// <summary>
/// Staff moves of a fulfilment. Each is one conditional UPDATE on the state it leaves: of two clicks (or a
/// click and a CSV line) exactly one matches, and a move from the wrong state changes nothing and says why.
/// </summary>
internal sealed partial class FulfilmentTransitions(LeadsDbContext db, IOptionsMonitor<FulfilmentOptions> options, TimeProvider time)
{
    /// <summary>Applied, or refused with the state the row is in (null: no such fulfilment).</summary>
    public sealed record Result(bool Applied, string? State, string? Method)
    {
        public bool Found => State is not null;
    }

    /// <summary>
    /// ready (delivery) → shipped, with the parcel's carrier and tracking number; the winner's shipping notice
    /// (a subscribe message, when they accepted one) is promised in the same transaction.
    /// </summary>
    public async Task<Result> ShipAsync(string id, string carrier, string trackingNumber, CancellationToken ct)
    {
        var now = Now;
        // The callers (a click, a CSV import) hold a transaction with their audit entry; joined, else our own.
        await using var own = db.Database.CurrentTransaction is null ? await db.Database.BeginTransactionAsync(ct) : null;
        var changed = await db.Set<PrizeFulfilment>()
            .Where(f => f.Id == id && f.State == FulfilmentStates.Ready && f.Method == FulfilmentMethods.Delivery)
            .ExecuteUpdateAsync(s => s.SetProperty(f => f.State, FulfilmentStates.Shipped).SetProperty(f => f.Carrier, carrier)
                .SetProperty(f => f.TrackingNumber, trackingNumber).SetProperty(f => f.ShippedAt, now), ct);
        if (changed == 1)
        {
            var subject = await db.Set<PrizeFulfilment>().Where(f => f.Id == id).Select(f => f.SubjectKey).SingleAsync(ct);
            SubscribeMessages.SubscribeNotices.Promise(db, SubscribeMessages.SubscribePurposes.Shipping, id, subject, now);
            await db.SaveChangesAsync(ct);
        }
        if (own is not null) await own.CommitAsync(ct);
        return await ResultAsync(id, changed, ct);
    }

    /// <summary>shipped → delivered (signed for), or ready (pickup) → delivered (handed over at the store).</summary>
    public async Task<Result> DeliverAsync(string id, CancellationToken ct)
    {
        var (now, purge) = (Now, PurgeAt);
        var changed = await db.Set<PrizeFulfilment>()
            .Where(f => f.Id == id && (f.State == FulfilmentStates.Shipped || f.State == FulfilmentStates.Ready && f.Method == FulfilmentMethods.Pickup))
            .ExecuteUpdateAsync(s => s.SetProperty(f => f.State, FulfilmentStates.Delivered).SetProperty(f => f.DeliveredAt, now)
                .SetProperty(f => f.AddressPurgeAt, purge), ct);
        return await ResultAsync(id, changed, ct);
    }

    /// <summary>shipped → returned (the carrier brought it back).</summary>
    public async Task<Result> ReturnAsync(string id, CancellationToken ct)
    {
        var (now, purge) = (Now, PurgeAt);
        var changed = await db.Set<PrizeFulfilment>().Where(f => f.Id == id && f.State == FulfilmentStates.Shipped)
            .ExecuteUpdateAsync(s => s.SetProperty(f => f.State, FulfilmentStates.Returned).SetProperty(f => f.ReturnedAt, now)
                .SetProperty(f => f.AddressPurgeAt, purge), ct);
        return await ResultAsync(id, changed, ct);
    }

    private async Task<Result> ResultAsync(string id, int changed, CancellationToken ct)
    {
        var row = await db.Set<PrizeFulfilment>().AsNoTracking().Where(f => f.Id == id).Select(f => new { f.State, f.Method }).SingleOrDefaultAsync(ct);
        return new Result(changed == 1, row?.State, row?.Method);
    }

    private DateTime Now => time.GetUtcNow().UtcDateTime;

    private DateTime PurgeAt => Now.AddDays(Math.Max(0, options.CurrentValue.AddressRetentionDays));

    /// <summary>The problem with a carrier and tracking number; null when they can be used.</summary>
    public static string? TrackingProblem(string? carrier, string? trackingNumber)
    {
        if (string.IsNullOrWhiteSpace(carrier) || carrier.Trim().Length > 32 || carrier.Any(char.IsControl)) return "carrier is 1-32 characters of text";
        if (string.IsNullOrWhiteSpace(trackingNumber) || !TrackingPattern().IsMatch(trackingNumber.Trim()))
            return "trackingNumber is 4-64 letters, digits or dashes";
        return null;
    }

    [GeneratedRegex("^[A-Za-z0-9][A-Za-z0-9-]{3,63}$")]
    private static partial Regex TrackingPattern();
}

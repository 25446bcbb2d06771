using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using WechatLeads.Server.Audit;
using WechatLeads.Server.Campaigns;
using WechatLeads.Server.Data;
using WechatLeads.Server.Leads;
using WechatLeads.Server.Security;

namespace WechatLeads.Server.Fulfilment;

/// <summary>
/// Physical prizes for staff: the list shows recipients masked (张* 138****5678 上海市静安区****); the full
/// address is given one at a time, with a reason, while there is something to ship, and each reveal and
/// every change of state is written to the audit log in the same transaction as the change.
/// </summary>
internal static class FulfilmentAdminEndpoints
{
    public sealed record FulfilmentView(
        string Id, string Campaign, string Prize, string State, string? Method, string? PickupStore, string? PickupCode, MaskedAddress? Recipient,
        string? Carrier, string? TrackingNumber, DateTime ClaimBy, DateTime CreatedAt, DateTime? AddressAt, DateTime? ShippedAt, DateTime? DeliveredAt,
        DateTime? ReturnedAt, DateTime? UnclaimedAt);

    public sealed record FulfilmentPage(IReadOnlyList<FulfilmentView> Items, string? Next);

    public sealed record ShipRequest(string? Carrier, string? TrackingNumber);

    public sealed record RevealRequest(string? Reason);

    public sealed record RevealedAddress(string Id, DeliveryAddress Address, long AuditSequence);

    public const int ImportBodyBytes = 1_000_000;

    public static RouteGroupBuilder MapFulfilmentAdmin(this RouteGroupBuilder admin)
    {
        admin.MapGet("/fulfilments", ListAsync).WithName("ListFulfilments")
            .WithSummary("Physical prizes by campaign (slug) and state, newest first; recipients masked.");
        admin.MapPost("/fulfilments/{id}/ship", ShipAsync)
            .WithName("ShipFulfilment")
            .WithSummary("ready (delivery) → shipped, with carrier and tracking number. Audited.");
        admin.MapPost(
            "/fulfilments/{id}/deliver",
            (string id, HttpContext http, LeadsDbContext db, FulfilmentTransitions t, AuditLog audit, CancellationToken ct) =>
                ChangeAsync(id, FulfilmentAuditActions.Deliver, () => t.DeliverAsync(id, ct), http, db, audit, ct))
            .WithName("DeliverFulfilment").WithSummary("shipped → delivered, or ready (pickup) → delivered when handed over. Audited.");
        admin.MapPost(
            "/fulfilments/{id}/return",
            (string id, HttpContext http, LeadsDbContext db, FulfilmentTransitions t, AuditLog audit, CancellationToken ct) =>
                ChangeAsync(id, FulfilmentAuditActions.Return, () => t.ReturnAsync(id, ct), http, db, audit, ct))
            .WithName("ReturnFulfilment").WithSummary("shipped → returned. Audited.");
        admin.MapPost("/fulfilments/tracking", TrackingImport.ImportAsync).LimitBody(ImportBodyBytes)
            .WithName("ImportTrackingNumbers")
                .WithSummary("CSV lines id,carrier,trackingNumber: each ready delivery is shipped; a report of applied and refused lines with reasons.");
        admin.MapGet("/fulfilments/{id}/address", RevealAsync).WithName("RevealFulfilmentAddress")
            .WithSummary("The full recipient and address of one prize to ship (ready or shipped only). The reason is required and audited.");
        // The console's forms send JSON by POST: the same reveal, the reason in the body.
        admin.MapPost(
            "/fulfilments/{id}/address",
            (string id, RevealRequest? body, HttpContext http, LeadsDbContext db, AddressProtector addresses, AuditLog audit, CancellationToken ct) =>
                RevealAsync(id, body?.Reason, http, db, addresses, audit, ct))
            .WithName("RevealFulfilmentAddressFromConsole").WithSummary("As GET …/address, the reason in a JSON body {\"reason\": …}.");
        return admin;
    }

    private static async Task<Results<Ok<FulfilmentPage>, ProblemHttpResult>> ListAsync(
        string? campaign, string? state, string? after, int? limit, LeadsDbContext db, AddressProtector addresses, CancellationToken ct)
    {
        if (!string.IsNullOrEmpty(state) && !FulfilmentStates.All.Contains(state))
            return FulfilmentProblems.UnknownState().ToResult();
        if (campaign?.Length > 128 || after?.Length > 32) return FulfilmentProblems.InvalidFilter.ToResult();
        var take = Math.Clamp(limit ?? 50, 1, 200);
        var query = db.Set<PrizeFulfilment>().AsNoTracking();
        if (!string.IsNullOrEmpty(state)) query = query.Where(f => f.State == state);
        if (!string.IsNullOrEmpty(after)) query = query.Where(f => string.Compare(f.Id, after) < 0);
        var rows = await query.Join(db.Set<Campaign>(), f => f.CampaignId, c => c.Id, (f, c) => new { f, c.Slug })
            .Where(x => string.IsNullOrEmpty(campaign) || x.Slug == campaign)
            .Join(db.Set<Prize>(), x => x.f.PrizeId, p => p.Id, (x, p) => new { x.f, x.Slug, p.Name })
            .OrderByDescending(x => x.f.Id).Take(take).ToListAsync(ct);
        var items = rows.Select(r => new FulfilmentView(r.f.Id, r.Slug, r.Name, r.f.State, r.f.Method, r.f.PickupStore,
            r.f.Method == FulfilmentMethods.Pickup ? PrizePages.ShortCode(r.f.Id) : null,
            r.f.AddressCipher is null ? null : addresses.Decrypt(r.f.AddressCipher).Masked(), r.f.Carrier, r.f.TrackingNumber, r.f.ClaimBy, r.f.CreatedAt,
            r.f.AddressAt, r.f.ShippedAt, r.f.DeliveredAt, r.f.ReturnedAt, r.f.UnclaimedAt)).ToList();
        return TypedResults.Ok(new FulfilmentPage(items, items.Count == take ? items[^1].Id : null));
    }

    private static async Task<Results<NoContent, ProblemHttpResult>> ShipAsync(
        string id, ShipRequest? body, HttpContext http, LeadsDbContext db, FulfilmentTransitions transitions, AuditLog audit, CancellationToken ct)
    {
        if (FulfilmentTransitions.TrackingProblem(body?.Carrier, body?.TrackingNumber) is { } problem)
            return FulfilmentProblems.InvalidTracking(problem).ToResult();
        return await ChangeAsync(
            id,
            FulfilmentAuditActions.Ship,
            () => transitions.ShipAsync(id, body!.Carrier!.Trim(), body.TrackingNumber!.Trim(), ct),
            http,
            db,
            audit,
            ct);
    }

    /// <summary>One move and its audit entry in one transaction: no change without its entry, no entry for a change that did not happen.</summary>
    private static async Task<Results<NoContent, ProblemHttpResult>> ChangeAsync(
        string id, string action, Func<Task<FulfilmentTransitions.Result>> change, HttpContext http, LeadsDbContext db, AuditLog audit, CancellationToken ct)
    {
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        var result = await change();
        if (!result.Found) return FulfilmentProblems.NotFound.ToResult();
        if (!result.Applied) return WrongState(result.State!, result.Method);
        await audit.AppendAsync(http, new AuditRecord(action, "fulfilment:" + id, 1), ct);
        await transaction.CommitAsync(ct);
        return TypedResults.NoContent();
    }

    private static async Task<Results<Ok<RevealedAddress>, ProblemHttpResult>> RevealAsync(
        string id, [FromQuery] string? reason, HttpContext http, LeadsDbContext db, AddressProtector addresses, AuditLog audit, CancellationToken ct)
    {
        if (LeadAdminEndpoints.ReasonProblem(reason) is { } problem) return problem;
        var row = await db.Set<PrizeFulfilment>()
            .AsNoTracking()
            .Where(f => f.Id == id)
            .Select(f => new { f.State, f.Method, f.AddressCipher })
            .SingleOrDefaultAsync(ct);
        if (row is null) return FulfilmentProblems.NotFound.ToResult();
        // Only while there is a parcel to send or follow: afterwards the address is kept for disputes, not for reading.
        if (row.State is not (FulfilmentStates.Ready or FulfilmentStates.Shipped) || row.AddressCipher is null) return WrongState(row.State, row.Method);
        // Audited first: if the entry can't be written, nothing is shown.
        var entry = await audit.AppendAsync(http, new AuditRecord(FulfilmentAuditActions.RevealAddress, "fulfilment:" + id, 1, reason!.Trim()), ct);
        return TypedResults.Ok(new RevealedAddress(id, addresses.Decrypt(row.AddressCipher), entry.Sequence));
    }

    private static ProblemHttpResult WrongState(string state, string? method) =>
        FulfilmentProblems.WrongState(state, method).ToResult(new Dictionary<string, object?> { ["state"] = state });
}

/// <summary>Audit actions of fulfilment (beside <see cref="AuditActions"/>).</summary>
internal static class FulfilmentAuditActions
{
    public const string Ship = "fulfilment.ship";
    public const string Deliver = "fulfilment.deliver";
    public const string Return = "fulfilment.return";
    public const string TrackingImported = "fulfilment.tracking.import";
    public const string RevealAddress = "fulfilment.address.reveal";
}

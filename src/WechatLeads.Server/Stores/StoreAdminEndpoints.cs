using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using WechatLeads.Server.Audit;
using WechatLeads.Server.Campaigns;
using WechatLeads.Server.Coupons;
using WechatLeads.Server.Data;
using WechatLeads.Server.Platform.Web;

namespace WechatLeads.Server.Stores;

/// <summary>
/// The stores coupons are redeemed at: listed, and named or re-addressed by staff. A code is permanent (it is
/// on tills, in store accounts and in coupons already issued), so a PUT to a new code adds a store and there
/// is no delete: a closed store simply stops appearing in new campaigns' store lists.
/// </summary>
internal static class StoreAdminEndpoints
{
    public sealed record StoreView(string Code, string Name, string Address, DateTime CreatedAt);

    public sealed record StoreEdit(string? Name, string? Address);

    public static RouteGroupBuilder MapStoreAdmin(this RouteGroupBuilder admin)
    {
        admin.MapGet("/stores", ListAsync).WithName("ListStores").WithSummary("Every store coupons can be redeemed at, by code.");
        admin.MapPut("/stores/{code}", PutAsync).WithName("PutStore")
            .WithSummary("Adds a store or changes its name and address. The code (letters, digits, dashes; at most 32) never changes.");
        return admin;
    }

    private static async Task<List<StoreView>> ListAsync(LeadsDbContext db, CancellationToken ct) =>
        await db.Set<Store>().AsNoTracking().OrderBy(s => s.Code).Select(s => new StoreView(s.Code, s.Name, s.Address, s.CreatedAt)).ToListAsync(ct);

    private static async Task<Results<Ok<StoreView>, Created<StoreView>, ValidationProblem>> PutAsync(
        string code, StoreEdit body, LeadsDbContext db, TimeProvider time, AuditLog audit, HttpContext http, CancellationToken ct)
    {
        var problems = new List<string>();
        if (!AdminRoles.IsStoreCode(code)) problems.Add(Ui.T("code must be letters, digits or dashes (at most 32)."));
        var name = body.Name?.Trim() ?? "";
        var address = body.Address?.Trim() ?? "";
        if (name.Length is 0 or > 100) problems.Add(Ui.T("name is required (at most 100 characters)."));
        if (address.Length > 200) problems.Add(Ui.T("address is at most 200 characters."));
        if (problems.Count > 0) return ApiProblem.Validation("store", problems);

        var store = await db.Set<Store>().SingleOrDefaultAsync(s => s.Code == code, ct);
        var added = store is null;
        if (store is null) db.Add(store = new Store { Code = code, Name = name, Address = address, CreatedAt = time.GetUtcNow().UtcDateTime });
        else (store.Name, store.Address) = (name, address);
        try { await db.SaveChangesAsync(ct); }
        catch (DbUpdateException) when (added)
        {
            // Two staff adding the same code at once: the second one's edit applies to the row the first made.
            db.ChangeTracker.Clear();
            await db.Set<Store>().Where(s => s.Code == code).ExecuteUpdateAsync(s => s.SetProperty(x => x.Name, name).SetProperty(x => x.Address, address), ct);
            store = await db.Set<Store>().AsNoTracking().SingleAsync(s => s.Code == code, ct);
            added = false;
        }
        // The address is a shop's, not a person's: it is kept in the audit target so the log says what changed.
        await audit.AppendAsync(http, new AuditRecord(AuditActions.StoreChanged, $"store:{code} {(added ? "added" : "edited")}"), ct);
        var view = new StoreView(store.Code, store.Name, store.Address, store.CreatedAt);
        return added ? TypedResults.Created($"/admin/api/stores/{code}", view) : TypedResults.Ok(view);
    }

    /// <summary>The codes in <paramref name="codes"/> that are not in the Stores table (campaign and prize settings refuse them).</summary>
    public static async Task<IReadOnlyList<string>> UnknownAsync(LeadsDbContext db, IEnumerable<string> codes, CancellationToken ct)
    {
        var wanted = codes.Distinct(StringComparer.Ordinal).ToList();
        if (wanted.Count == 0) return [];
        var known = await db.Set<Store>().AsNoTracking().Where(s => wanted.Contains(s.Code)).Select(s => s.Code).ToListAsync(ct);
        return [.. wanted.Except(known, StringComparer.Ordinal)];
    }

    /// <summary>422 naming every unknown code, so the operator can fix them all at once.</summary>
    public static ProblemHttpResult UnknownStores(IReadOnlyList<string> unknown) =>
        StoreProblems.UnknownStores(unknown).ToResult(new Dictionary<string, object?> { ["stores"] = unknown });
}

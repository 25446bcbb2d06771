using Microsoft.EntityFrameworkCore;
using WechatLeads.Server.Admin;
using WechatLeads.Server.Campaigns;
using WechatLeads.Server.Data;
using WechatLeads.Server.Platform.Web;

namespace WechatLeads.Server.Fulfilment;

/// <summary>
/// The console's 奖品寄送 page: the API's list as a table (recipients masked), the moves each row allows, the
/// tracking CSV import, and a reveal form (reason required, audited by the API before the address is shown).
/// </summary>
internal static class FulfilmentPages
{
    private const int PageSize = 50;

    public static IEndpointRouteBuilder MapFulfilmentConsole(this IEndpointRouteBuilder app)
    {
        app.MapGet("/admin/fulfilments", PageAsync).ExcludeFromDescription().RequireAuthorization(AdminPolicies.Staff);
        return app;
    }

    private static async Task<IResult> PageAsync(
        string? campaign,
        string? state,
        HttpContext http,
        LeadsDbContext db,
        AddressProtector addresses,
        CancellationToken ct)
    {
        if (!string.IsNullOrEmpty(state) && !FulfilmentStates.All.Contains(state)) state = null;
        if (campaign?.Length > 128) campaign = null;
        var rows = await db.Set<PrizeFulfilment>().AsNoTracking().Where(f => string.IsNullOrEmpty(state) || f.State == state)
            .Join(db.Set<Campaign>(), f => f.CampaignId, c => c.Id, (f, c) => new { f, c.Slug })
            .Where(x => string.IsNullOrEmpty(campaign) || x.Slug == campaign)
            .Join(db.Set<Prize>(), x => x.f.PrizeId, p => p.Id, (x, p) => new { x.f, x.Slug, p.Name })
            .OrderByDescending(x => x.f.Id).Take(PageSize).ToListAsync(ct);
        var view = rows.Select(r =>
        {
            var masked = r.f.AddressCipher is null ? null : addresses.Decrypt(r.f.AddressCipher).Masked();
            var pickup = r.f.Method == FulfilmentMethods.Pickup;
            var recipient = pickup
                ? $"到店领取 {r.f.PickupStore} · 编号 {PrizePages.ShortCode(r.f.Id)}"
                : masked is null
                ? null
                : $"{masked.Name} {masked.Phone} {masked.Address}";
            return new FulfilmentRow(r.f.Id, r.f.CreatedAt, r.Slug, r.Name, r.f.State, FulfilmentStates.Chinese(r.f.State, r.f.Method), pickup, recipient,
                r.f.Carrier, r.f.TrackingNumber, r.f.AddressCipher is not null);
        }).ToList();
        SelectOption[] states = [new("", "全部"), .. FulfilmentStates.All.Select(s => new SelectOption(s, FulfilmentStates.Chinese(s, null)))];
        return ConsoleLayout.Render<FulfilmentsPage>(http, new FulfilmentsView(campaign, state, states, view));
    }
}

using Microsoft.EntityFrameworkCore;
using WechatLeads.Server.Admin;
using WechatLeads.Server.Coupons;
using WechatLeads.Server.Data;
using WechatLeads.Server.Platform.Web;

namespace WechatLeads.Server.Stores;

/// <summary>The console page for stores: each one's name and address editable in place, and a form to add one.</summary>
internal static class StorePages
{
    public static IEndpointRouteBuilder MapStorePages(this IEndpointRouteBuilder app)
    {
        app.MapGet("/admin/stores", PageAsync).ExcludeFromDescription().RequireAuthorization(AdminPolicies.Staff);
        return app;
    }

    private static async Task<IResult> PageAsync(HttpContext http, LeadsDbContext db, CancellationToken ct)
    {
        var stores = await db.Set<Store>().AsNoTracking().OrderBy(s => s.Code).Select(s => new StoreRow(s.Code, s.Name, s.Address)).ToListAsync(ct);
        return ConsoleLayout.Render<StoresPage>(http, new StoresView(stores));
    }
}

using Microsoft.EntityFrameworkCore;
using WechatLeads.Server.Admin;
using WechatLeads.Server.Data;
using WechatLeads.Server.Platform.Web;
using static WechatLeads.Server.Platform.Web.ConsoleLayout;
using static WechatLeads.Server.Platform.Web.Html;

namespace WechatLeads.Server.Coupons;

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
        var stores = await db.Set<Store>().AsNoTracking().OrderBy(s => s.Code).ToListAsync(ct);
        var rows = string.Concat(stores.Select(s => $"""
            <tr><td><strong>{E(s.Code)}</strong></td><td><form class="grid" data-api="/admin/api/stores/{E(s.Code)}" data-method="PUT" data-then="show">
            {Field("名称", "name", s.Name, extra: "required maxlength=\"100\"")}{Field("地址", "address", s.Address, extra: "maxlength=\"200\" data-keep-empty")}
            <div class="actions"><button type="submit" class="secondary">保存</button></div><output></output></form></td></tr>
            """));
        return Page(http, "门店", $"""
            <div class="card"><h1>门店</h1><p class="muted">核销优惠券的门店。门店编码印在收银系统和门店账号（Admin:Users 的 Store）里，添加后不能修改；
            活动和奖品的“可用门店”从这里选择。</p>
            <table id="stores"><tr><th>编码</th><th>名称与地址</th></tr>{(rows.Length > 0 ? rows : "<tr><td colspan=\"2\" class=\"muted\">还没有门店</td></tr>")}</table></div>
            <div class="card"><h2>添加门店</h2><form id="add-store" data-api="/admin/api/stores/" data-method="PUT" data-path-field="code">
            <div class="grid">{Field("门店编码（字母、数字、-）", "code", extra: "required pattern=\"[A-Za-z0-9][A-Za-z0-9\\-]{0,31}\"")}
            {Field("名称", "name", extra: "required maxlength=\"100\"")}{Field("地址", "address", extra: "maxlength=\"200\"")}</div>
            <div class="actions"><button type="submit">添加</button></div><output></output></form></div>
            """);
    }
}

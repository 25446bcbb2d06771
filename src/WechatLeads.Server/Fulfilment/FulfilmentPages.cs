using Microsoft.EntityFrameworkCore;
using WechatLeads.Server.Admin;
using WechatLeads.Server.Campaigns;
using WechatLeads.Server.Data;
using WechatLeads.Server.Platform.Web;
using static WechatLeads.Server.Platform.Web.ConsoleLayout;
using static WechatLeads.Server.Platform.Web.Html;

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

    private static async Task<IResult> PageAsync(string? campaign, string? state, HttpContext http, LeadsDbContext db, AddressProtector addresses, CancellationToken ct)
    {
        if (!string.IsNullOrEmpty(state) && !FulfilmentStates.All.Contains(state)) state = null;
        if (campaign?.Length > 128) campaign = null;
        var rows = await db.Set<PrizeFulfilment>().AsNoTracking().Where(f => string.IsNullOrEmpty(state) || f.State == state)
            .Join(db.Set<Campaign>(), f => f.CampaignId, c => c.Id, (f, c) => new { f, c.Slug })
            .Where(x => string.IsNullOrEmpty(campaign) || x.Slug == campaign)
            .Join(db.Set<Prize>(), x => x.f.PrizeId, p => p.Id, (x, p) => new { x.f, x.Slug, p.Name })
            .OrderByDescending(x => x.f.Id).Take(PageSize).ToListAsync(ct);
        var table = string.Concat(rows.Select(r =>
        {
            var masked = r.f.AddressCipher is null ? null : addresses.Decrypt(r.f.AddressCipher).Masked();
            var who = r.f.Method == FulfilmentMethods.Pickup ? $"到店领取 {E(r.f.PickupStore)} · 编号 {E(PrizePages.ShortCode(r.f.Id))}"
                : masked is null ? "" : $"<span class=\"recipient\">{E(masked.Name)} {E(masked.Phone)} {E(masked.Address)}</span>";
            return $"""
                <tr><td>{ChinaLocal(r.f.CreatedAt).Replace('T', ' ')}</td><td>{E(r.Slug)}</td><td>{E(r.Name)}</td>
                <td>{E(FulfilmentStates.Chinese(r.f.State, r.f.Method))}</td><td>{who}</td><td>{E(r.f.Carrier)} {E(r.f.TrackingNumber)}</td><td>{Actions(r.f)}</td></tr>
                """;
        }));
        var states = new[] { ("", "全部") }.Concat(FulfilmentStates.All.Select(s => (s, FulfilmentStates.Chinese(s, null))));
        return Page(http, "奖品寄送", $"""
            <div class="card"><h1>奖品寄送</h1><p class="muted">收件人、手机号、地址一律脱敏显示；查看完整地址须填写理由并记入审计。时间为北京时间。</p>
            <form method="get" action="/admin/fulfilments" class="grid">{Field("活动标识", "campaign", campaign)}{Select("状态", "state", states, state)}
            <div class="actions"><button type="submit">筛选</button></div></form></div>
            <div class="card"><h2>导入运单号</h2><p class="muted">CSV 每行：id,carrier,trackingNumber（可有表头）。逐行报告成功或失败原因。</p>
            <form data-api="/admin/api/fulfilments/tracking" data-then="show"><input type="file" accept=".csv,text/csv"><button type="submit">导入</button><output></output></form></div>
            <div class="card"><table id="fulfilments"><tr><th>中奖时间</th><th>活动</th><th>奖品</th><th>状态</th><th>收件/领取</th><th>运单</th><th></th></tr>{table}</table></div>
            """);
    }

    private static string Actions(PrizeFulfilment f)
    {
        var id = E(f.Id);
        var html = "";
        if (f.State == FulfilmentStates.Ready && f.Method == FulfilmentMethods.Delivery)
            html += $"""<form data-api="/admin/api/fulfilments/{id}/ship"><input name="carrier" placeholder="快递公司" required><input name="trackingNumber" placeholder="运单号" required><button type="submit">发货</button><output></output></form>""";
        if (f.State == FulfilmentStates.Shipped || f.State == FulfilmentStates.Ready && f.Method == FulfilmentMethods.Pickup)
            html += $"""<form data-api="/admin/api/fulfilments/{id}/deliver" data-confirm="确认已签收/已领取？"><button class="secondary" type="submit">{(f.Method == FulfilmentMethods.Pickup ? "已领取" : "已签收")}</button><output></output></form>""";
        if (f.State == FulfilmentStates.Shipped)
            html += $"""<form data-api="/admin/api/fulfilments/{id}/return" data-confirm="确认包裹已退回？"><button class="secondary" type="submit">已退回</button><output></output></form>""";
        if (f.State is FulfilmentStates.Ready or FulfilmentStates.Shipped && f.AddressCipher is not null)
            html += $"""<form data-api="/admin/api/fulfilments/{id}/address" data-then="show"><input name="reason" placeholder="查看理由（记入审计）" required minlength="5"><button class="secondary" type="submit">查看完整地址</button><output></output></form>""";
        return html;
    }
}

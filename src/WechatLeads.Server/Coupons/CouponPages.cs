using Microsoft.EntityFrameworkCore;
using WechatLeads.Server.Admin;
using WechatLeads.Server.Campaigns;
using WechatLeads.Server.Data;
using WechatLeads.Server.Leads;
using WechatLeads.Server.Platform.Web;
using WechatLeads.Server.Stores;
using static WechatLeads.Server.Platform.Web.ConsoleLayout;
using static WechatLeads.Server.Platform.Web.Html;

namespace WechatLeads.Server.Coupons;

/// <summary>
/// A campaign's coupons for staff: the latest redemptions (masked phones), a lookup by code or coupon id with
/// a button to void an issued coupon, and the CSV export. Only indexed reads: the newest redemptions by
/// (CampaignId, CreatedAt), a coupon by its code or id — never a scan of a million coupons.
/// </summary>
internal static class CouponPages
{
    private const int Recent = 50;

    private sealed record Found(Coupon Coupon, string? PhoneCipher);

    private sealed record RecentRow(Redemption Redemption, string Code, long? PrizeId, string? PhoneCipher);

    public static IEndpointRouteBuilder MapCouponPages(this IEndpointRouteBuilder app)
    {
        app.MapGet("/admin/campaigns/{slug}/coupons", PageAsync).ExcludeFromDescription().RequireAuthorization(AdminPolicies.Staff);
        return app;
    }

    private static async Task<IResult> PageAsync(string slug, string? q, HttpContext http, LeadsDbContext db, PhoneProtector phones, CancellationToken ct)
    {
        var campaign = await db.Set<Campaign>().AsNoTracking().Include(c => c.Prizes).SingleOrDefaultAsync(c => c.Slug == slug, ct);
        if (campaign is null) return Page(http, "活动不存在", "<div class=\"card\"><h1>活动不存在</h1><p><a href=\"/admin/campaigns\">全部活动</a></p></div>", 404);
        var prizes = campaign.Prizes.ToDictionary(p => p.Id, p => p.Name);
        var stores = await db.Set<Store>().AsNoTracking().ToDictionaryAsync(s => s.Code, s => s.Name, StringComparer.Ordinal, ct);
        string StoreName(string? code) => code is null ? "" : stores.TryGetValue(code, out var name) ? $"{name}（{code}）" : code;
        string Prize(long? id) => id is { } p ? prizes.GetValueOrDefault(p, "") : "";
        string Phone(string? cipher) => cipher is null ? "（已删除）" : phones.MaskStored(cipher);

        var recent = await (from r in db.Set<Redemption>().AsNoTracking()
                            join c in db.Set<Coupon>() on r.CouponId equals c.Id
                            where r.CampaignId == campaign.Id
                            orderby r.CreatedAt descending
                            select new RecentRow(r, c.Code, c.PrizeId,
                                db.Set<Lead>().Where(l => l.Id == c.LeadId).Join(db.Set<Person>(), l => l.PersonId, p => p.Id, (l, p) => p.PhoneCipher).FirstOrDefault()))
            .Take(Recent).ToListAsync(ct);
        var query = q?.Trim() ?? "";
        var found = query.Length is 0 or > 64 ? [] : await db.Set<Coupon>().AsNoTracking()
            .Where(c => c.CampaignId == campaign.Id && (c.Code == query || c.Id == query)).Take(20)
            .Select(c => new Found(c, db.Set<Lead>().Where(l => l.Id == c.LeadId).Join(db.Set<Person>(), l => l.PersonId, p => p.Id, (l, p) => p.PhoneCipher).FirstOrDefault()))
            .ToListAsync(ct);

        var rows = string.Concat(recent.Select(x => $"""
            <tr{(x.Redemption.ReversedAt is null ? "" : " class=\"muted\"")}><td>{Time(x.Redemption.CreatedAt)}</td><td>{E(StoreName(x.Redemption.Store))}</td><td>{E(x.Code)}</td>
            <td>{E(Prize(x.PrizeId))}</td><td>{E(Phone(x.PhoneCipher))}</td><td>{E(x.Redemption.OrderId)}{(x.Redemption.Amount is { } a ? $" · ¥{a:0.00}" : "")}</td>
            <td>{E(x.Redemption.RedeemedBy)}（{(x.Redemption.Channel == StoreCaller.PosChannel ? "收银" : "店员")}）</td>
            <td>{(x.Redemption.ReversedAt is { } rev ? "已撤销 " + Time(rev) : "")}</td></tr>
            """));
        var results = string.Concat(found.Select(f => $"""
            <tr><td>{E(f.Coupon.Code)}<div class="muted">{E(f.Coupon.Id)}</div></td><td>{E(StateText(f.Coupon.State))}</td><td>{E(Prize(f.Coupon.PrizeId))}</td>
            <td>{E(Phone(f.PhoneCipher))}</td><td>{Time(f.Coupon.IssuedAt)}<br>至 {Time(f.Coupon.ValidUntil)}</td>
            <td>{Detail(f.Coupon, StoreName)}</td></tr>
            """));
        return Page(http, campaign.Title + " · 券与核销", $"""
            <div class="card"><h1>{E(campaign.Title)} · 券与核销</h1><p class="muted">时间为北京时间 · 手机号已脱敏 ·
            <a href="/admin/campaigns/{E(slug)}">数据看板</a> · <a href="/admin/campaigns/{E(slug)}/manage">管理活动</a></p>
            <div class="actions"><a class="button" id="export-redemptions" href="/admin/api/campaigns/{E(slug)}/redemptions.csv" download>导出核销记录 CSV</a></div></div>
            <div class="card"><h2>查找券</h2><form method="get" action="/admin/campaigns/{E(slug)}/coupons"><div class="grid">
            {Field("券码或券 ID", "q", query, extra: "required maxlength=\"64\"")}</div><div class="actions"><button type="submit" class="secondary">查找</button></div></form>
            {(query.Length == 0 ? "" : found.Count == 0 ? "<p id=\"coupon-results\">本活动没有这张券。</p>"
                : $"<table id=\"coupon-results\"><tr><th>券码</th><th>状态</th><th>奖品</th><th>手机号</th><th>发放 / 有效期</th><th></th></tr>{results}</table>")}</div>
            <div class="card"><h2>最近核销（{recent.Count} 条）</h2>
            {(recent.Count == 0 ? "<p class=\"muted\">还没有核销记录。</p>"
                : $"<table id=\"redemptions\"><tr><th>时间</th><th>门店</th><th>券码</th><th>奖品</th><th>手机号</th><th>订单</th><th>核销人</th><th></th></tr>{rows}</table>")}</div>
            """);
    }

    /// <summary>Where a coupon went, or — issued — the form to void it.</summary>
    private static string Detail(Coupon c, Func<string?, string> storeName) => c.State switch
    {
        CouponStates.Issued => $"""
            <form class="void" data-api="/admin/api/coupons/{E(c.Id)}/void" data-confirm="作废后顾客不能再使用这张券，确定作废？">
            {Field("作废原因", "reason", extra: "required minlength=\"2\" maxlength=\"200\"")}<div class="actions"><button type="submit" class="danger">作废</button></div><output></output></form>
            """,
        CouponStates.Redeemed => $"核销于 {Time(c.RedeemedAt)} · {E(storeName(c.RedeemedStore))}",
        CouponStates.Voided => $"作废于 {Time(c.VoidedAt)} · {E(c.VoidReason)}",
        CouponStates.Expired => $"过期于 {Time(c.ExpiredAt ?? c.ValidUntil)}",
        _ => "",
    };

    public static string StateText(string state) => state switch
    {
        CouponStates.Issued => "未使用",
        CouponStates.Redeemed => "已核销",
        CouponStates.Expired => "已过期",
        CouponStates.Voided => "已作废",
        _ => state,
    };

    private static string Time(DateTime? utc) => utc is { } t ? ChinaLocal(t).Replace('T', ' ') : "";
}

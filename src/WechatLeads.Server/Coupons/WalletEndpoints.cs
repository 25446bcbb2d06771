using WechatLeads.Server.H5;
using WechatLeads.Server.Participation;
using WechatLeads.Server.Platform;
using WechatLeads.Server.Platform.Identity;
using static WechatLeads.Server.Platform.Web.Html;

namespace WechatLeads.Server.Coupons;

/// <summary>
/// 我的券 for the signed-in follower: <c>/h5/me/coupons</c> (list), <c>/h5/me/coupons/{id}</c> (the page shown at
/// the till: code, QR, barcode, stores), and <c>GET /api/me/coupons</c> for the mini-program.
/// </summary>
internal static class WalletEndpoints
{
    public static void MapCouponWallet(this IEndpointRouteBuilder app)
    {
        var h5 = app.MapGroup("/h5/me/coupons").ExcludeFromDescription().RequireRateLimiting(RateLimits.H5Pages);
        h5.MapGet("", ListPageAsync);
        h5.MapGet("/{id}", CouponPageAsync);
        app.MapGet("/api/me/coupons", async (HttpContext http, CouponWallet wallet) =>
                TypedResults.Ok(await wallet.ListAsync(Participant.From(http.User)!.SubjectKey, http.RequestAborted)))
            .WithTags("Data rights").RequireAuthorization(ParticipationEndpoints.ParticipantPolicy).WithName("MyCoupons")
            .WithSummary("The person's coupons: state, validity, usable stores, and a redemption token for usable ones.");
    }

    private static async Task<IResult> ListPageAsync(HttpContext http, CouponWallet wallet)
    {
        var who = await H5Identity.CurrentAsync(http);
        if (who is null) return H5Identity.SignIn(http.Request);
        var coupons = await wallet.ListAsync(who.SubjectKey, http.RequestAborted);
        var cards = coupons.Count == 0 ? "<div class=\"card\"><p>您还没有优惠券。</p></div>" : string.Concat(coupons.Select(c => $"""
            <div class="card coupon" data-state="{E(c.State)}">
              <h2>{E(c.Prize ?? c.Campaign)}</h2>
              <p class="muted">{E(c.Campaign)}</p>
              <p><strong>{E(c.StateText)}</strong> · {E(c.Validity)}</p>
              <a class="button" href="/h5/me/coupons/{E(c.Id)}">{(c.Usable ? "立即使用" : "查看")}</a>
            </div>
            """));
        return Page("我的券", $"<div class=\"card\"><h1>我的券</h1><p class=\"muted\">到店出示二维码或条形码即可使用。</p></div>{cards}<p class=\"muted\"><a href=\"/h5/me\">我的数据与授权</a></p>");
    }

    private static async Task<IResult> CouponPageAsync(string id, HttpContext http, CouponWallet wallet)
    {
        var who = await H5Identity.CurrentAsync(http);
        if (who is null) return H5Identity.SignIn(http.Request);
        var coupon = id.Length > 32 ? null : (await wallet.ListAsync(who.SubjectKey, http.RequestAborted, id)).SingleOrDefault();
        if (coupon is null) return Problem(404, "没有找到这张券", "这张券不存在，或不属于当前微信账号。", "我的券", "/h5/me/coupons");
        if (coupon.Usable) http.Response.Headers["Refresh"] = ((int)CouponToken.RefreshEvery.TotalSeconds).ToString(); // a fresh token before the old one lapses
        http.Response.Headers.CacheControl = "no-store";
        return Page("使用优惠券", CouponPage.Render(coupon));
    }
}

/// <summary>The page a follower shows at the till.</summary>
internal static class CouponPage
{
    public static string Render(WalletCoupon c)
    {
        var stores = c.Stores.Count == 0 ? "<li>暂无门店信息</li>"
            : string.Concat(c.Stores.Select(s => $"<li><strong>{E(s.Name)}</strong> <span class=\"muted\">{E(s.Address)}</span></li>"));
        var show = c.Usable ? $"""
            <p class="muted">请向店员出示下方二维码或条形码</p>
            <div style="text-align:center">{CouponImages.QrSvg(c.Token!, "coupon-qr")}</div>
            {CouponImages.Code128Svg(c.Token!, "coupon-barcode")}
            <p class="muted" style="text-align:center;letter-spacing:1px" id="coupon-token">{E(c.Token)}</p>
            <p class="muted">二维码每隔几分钟自动更新，截图无效。</p>
            """ : $"<p id=\"coupon-state\" class=\"error\">{E(c.StateText)}{(c.RedeemedAt is { } at ? $"：{ChinaTime.Format(at)} 于{E(c.RedeemedStoreName)}" : "")}</p>";
        return $"""
            <div class="card" id="coupon">
              <h1>{E(c.Prize ?? c.Campaign)}</h1>
              <p class="muted">{E(c.Campaign)}</p>
              <div class="code" id="coupon-code" style="font-size:30px">{E(c.Code)}</div>
              {show}
              <p id="coupon-validity">{E(c.Validity)}{(c.RedeemHours is null ? "" : $"；每天 {E(c.RedeemHours)} 可用")}</p>
            </div>
            <div class="card"><h2>可用门店</h2>
              <p class="muted">{(c.AllStores ? "全部门店通用" : "仅限以下门店")}</p>
              <ul id="coupon-stores">{stores}</ul>
            </div>
            <p class="muted"><a href="/h5/me/coupons">返回我的券</a></p>
            """;
    }
}

using WechatLeads.Server.H5;
using WechatLeads.Server.Participation;
using WechatLeads.Server.Platform;
using WechatLeads.Server.Platform.Identity;
using WechatLeads.Server.Platform.Web;

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
        return PageResult.Render<WalletListPage>(coupons.Select(CouponCardView.From).ToList());
    }

    private static async Task<IResult> CouponPageAsync(string id, HttpContext http, CouponWallet wallet)
    {
        var who = await H5Identity.CurrentAsync(http);
        if (who is null) return H5Identity.SignIn(http.Request);
        var coupon = id.Length > 32 ? null : (await wallet.ListAsync(who.SubjectKey, http.RequestAborted, id)).SingleOrDefault();
        if (coupon is null) return PageResult.Problem(404, "没有找到这张券", "这张券不存在，或不属于当前微信账号。", "我的券", "/h5/me/coupons");
        // a fresh token before the old one lapses
        if (coupon.Usable) http.Response.Headers["Refresh"] = ((int)CouponToken.RefreshEvery.TotalSeconds).ToString();
        http.Response.Headers.CacheControl = "no-store";
        return PageResult.Render<CouponPage>(CouponPageView.From(coupon));
    }
}

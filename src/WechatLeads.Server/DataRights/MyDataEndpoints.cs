using Microsoft.AspNetCore.Antiforgery;
using Microsoft.EntityFrameworkCore;
using WechatLeads.Server.Consent;
using WechatLeads.Server.Data;
using WechatLeads.Server.Followers;
using WechatLeads.Server.H5;
using WechatLeads.Server.Platform.Identity;
using WechatLeads.Server.Platform.Web;
using WechatLeads.Server.Unsubscribe;

namespace WechatLeads.Server.DataRights;

/// <summary>
/// <c>/h5/me</c> (我的数据与授权): what is held about the signed-in follower — campaigns joined, masked
/// phone, consents — and marketing withdrawn with one tap, the same opt-out as the menu and TD.
/// </summary>
internal static class MyDataEndpoints
{
    public static void MapMyData(this IEndpointRouteBuilder app)
    {
        var me = app.MapGroup("/h5/me").ExcludeFromDescription();
        me.MapGet("", ShowAsync);
        me.MapPost("/optout", OptOutAsync).DisableAntiforgery(); // validated explicitly to answer with a page
    }

    private static async Task<IResult> ShowAsync(HttpContext http, LeadsDbContext db, ConsentLedger ledger, DataRequests requests, IAntiforgery antiforgery)
    {
        var who = await H5Identity.CurrentAsync(http);
        if (who is null) return H5Identity.SignIn(http.Request);
        var ct = http.RequestAborted;
        // The same reader as the download (and GET /api/me): looking is not a request, so it is the view, not the download.
        var copy = await requests.ViewAsync(who, ct);
        var optedOut = await FollowerOptOut.OptedOutAsync(db, who.OpenId, ct);
        var marketingInForce = !optedOut && (await ledger.GrantedScopesAsync(who.SubjectKey, ConsentPurposes.Marketing, ct)).Count > 0;
        var standing = marketingInForce ? MarketingStanding.InForce : optedOut ? MarketingStanding.OptedOut : MarketingStanding.NotGiven;
        var tokens = antiforgery.GetAndStoreTokens(http);
        return PageResult.Render<MyDataPage>(MyDataView.From(copy, standing, tokens.FormFieldName, tokens.RequestToken ?? ""));
    }

    private static async Task<IResult> OptOutAsync(HttpContext http, IAntiforgery antiforgery, DurableWriteQueue writes)
    {
        var who = await H5Identity.CurrentAsync(http);
        if (who is null) return H5Identity.SignIn(http.Request);
        if (!await antiforgery.IsRequestValidAsync(http)) return PageResult.Problem(400, "页面已过期", "请刷新页面后重试。", "返回", "/h5/me");
        await writes.SubmitAsync(null, [new OptOutWrite(who.OpenId, who.SubjectKey, OptOutChannels.MyDataPage)], http.RequestAborted);
        return PageResult.Render<DonePage>(new DoneView("optout-done", "退订成功", "从现在起，我们不会再向您发送营销信息。已领取的优惠券不受影响。",
            LinkText: "返回我的数据", Link: "/h5/me"));
    }
}

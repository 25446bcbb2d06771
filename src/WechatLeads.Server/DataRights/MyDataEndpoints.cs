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
        me.MapPost("/marketing", ConsentAgainAsync).DisableAntiforgery(); // the same
    }

    private static async Task<IResult> ShowAsync(
        HttpContext http, LeadsDbContext db, ConsentLedger ledger, DataRequests requests, MarketingChoices choices, IAntiforgery antiforgery)
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
        var view = MyDataView.From(copy, standing, tokens.FormFieldName, tokens.RequestToken ?? "");
        if (standing != MarketingStanding.InForce)
            view = view with
            {
                ConsentAgainUnder = [.. (await choices.NoticesForConsentAsync(who.SubjectKey, ct))
                .Select(n => new NoticeChoice(n.Version, n.Title))]
            };
        return PageResult.Render<MyDataPage>(view);
    }

    /// <summary>
    /// 重新接收营销信息: a new, explicit marketing grant under the notice the person was shown (the box is never
    /// pre-ticked and must be ticked here), for every joined campaign under that notice — the way back in after an opt-out.
    /// </summary>
    private static async Task<IResult> ConsentAgainAsync(HttpContext http, IAntiforgery antiforgery, MarketingChoices choices)
    {
        var who = await H5Identity.CurrentAsync(http);
        if (who is null) return H5Identity.SignIn(http.Request);
        if (!await antiforgery.IsRequestValidAsync(http)) return PageResult.Problem(400, "页面已过期", "请刷新页面后重试。", "返回", "/h5/me");
        var form = await http.Request.ReadFormAsync(http.RequestAborted);
        if (form["agree"] != "yes") return PageResult.Problem(422, "请勾选同意", "请阅读隐私政策并勾选同意后再提交。", "返回", "/h5/me");
        var version = form["policyVersion"].ToString().Trim();
        if (version.Length is 0 or > 32) return PageResult.Problem(422, "请勾选同意", "请从“我的数据与授权”页面提交。", "返回", "/h5/me");
        var (outcome, _) = await choices.ConsentAsync(who, version, null, http.Connection.RemoteIpAddress?.ToString(), http.Request.Headers.UserAgent,
            http.RequestAborted);
        return outcome switch
        {
            MarketingChoices.ConsentOutcome.Granted => PageResult.Render<DonePage>(new DoneView("consent-again-done", "已重新接收营销信息",
                "您会再次收到我们的优惠和新品信息。随时可在本页一键退订，或回复 TD 退订。", LinkText: "返回我的数据", Link: "/h5/me")),
            MarketingChoices.ConsentOutcome.PolicyOutdated => PageResult.Problem(409, "隐私政策已更新", "请返回页面阅读新版本后再同意。", "返回", "/h5/me"),
            _ => PageResult.Problem(409, "无需授权", "您参加的活动没有发送营销信息的用途。", "返回", "/h5/me"),
        };
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

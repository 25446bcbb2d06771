using Microsoft.AspNetCore.Antiforgery;
using Microsoft.Extensions.Options;
using WechatLeads.Server.CampaignConsole;
using WechatLeads.Server.H5;
using WechatLeads.Server.Platform;
using WechatLeads.Server.Platform.Identity;
using WechatLeads.Server.Platform.Web;
using WechatLeads.Server.Security;

namespace WechatLeads.Server.Fulfilment;

/// <summary>
/// <c>/h5/me/prizes</c> (我的奖品) and one prize's page, where the winner gives a delivery address or chooses
/// a store. The address is asked for on its own page that says what it is for and when it is deleted:
/// a separate purpose from joining the campaign, agreed to by ticking a box that is never pre-ticked.
/// </summary>
internal static class PrizePages
{
    public static void MapPrizePages(this IEndpointRouteBuilder app)
    {
        var me = app.MapGroup("/h5/me/prizes").ExcludeFromDescription();
        me.MapGet("", ListAsync);
        me.MapGet("/{id}", ShowAsync);
        me.MapPost("/{id}", SubmitAsync).DisableAntiforgery().LimitBody(4096, html: true); // validated explicitly, to answer with a page
    }

    private static async Task<IResult> ListAsync(HttpContext http, MyPrizes prizes, TimeProvider time)
    {
        if (await H5Identity.CurrentAsync(http) is not { } who) return H5Identity.SignIn(http.Request);
        var list = await prizes.ListAsync(who.SubjectKey, http.RequestAborted);
        var now = time.GetUtcNow().UtcDateTime;
        return PageResult.Render<PrizeListPage>(list.Select(p => PrizeItemView.From(p, now)).ToList());
    }

    /// <summary>What store staff look for in the console: the end of the id, easy to read out.</summary>
    public static string ShortCode(string id) => id.Length <= 8 ? id.ToUpperInvariant() : id[^8..].ToUpperInvariant();

    private static async Task<IResult> ShowAsync(
        string id,
        HttpContext http,
        MyPrizes prizes,
        IAntiforgery antiforgery,
        IOptionsMonitor<FulfilmentOptions> options,
        TimeProvider time)
    {
        if (await H5Identity.CurrentAsync(http) is not { } who) return H5Identity.SignIn(http.Request);
        var prize = await prizes.FindAsync(who.SubjectKey, id, http.RequestAborted);
        if (prize is null) return PageResult.Problem(404, "没有找到奖品", "没有找到这个奖品，或它不属于您。", "我的奖品", "/h5/me/prizes");
        if (!prize.CanClaim(time.GetUtcNow().UtcDateTime)) return PageResult.Problem(409, "无法修改", ClosedText(prize), "我的奖品", "/h5/me/prizes");
        return await FormAsync(http, prize, prizes, antiforgery, options.CurrentValue, null, null, 200);
    }

    private static async Task<IResult> SubmitAsync(
        string id, HttpContext http, MyPrizes prizes, IAntiforgery antiforgery, IOptionsMonitor<FulfilmentOptions> options, TimeProvider time)
    {
        if (await H5Identity.CurrentAsync(http) is not { } who) return H5Identity.SignIn(http.Request);
        if (!http.Request.HasFormContentType || !await antiforgery.IsRequestValidAsync(http))
            return PageResult.Problem(400, "页面已过期", "请刷新页面后重新提交。", "返回", $"/h5/me/prizes/{id}");
        var form = await http.Request.ReadFormAsync(http.RequestAborted);
        var input = new MyPrizes.ClaimInput(form["method"], form["name"], form["phone"], form["address"], form["store"]);
        var prize = await prizes.FindAsync(who.SubjectKey, id, http.RequestAborted);
        if (prize is null) return PageResult.Problem(404, "没有找到奖品", "没有找到这个奖品，或它不属于您。", "我的奖品", "/h5/me/prizes");
        if (form["agree"] != "yes") return await FormAsync(http, prize, prizes, antiforgery, options.CurrentValue, input, "请阅读说明并勾选同意后再提交。", 422);

        var (outcome, problem) = await prizes.ClaimAsync(
            who,
            id,
            input,
            http.Connection.RemoteIpAddress?.ToString(),
            http.Request.Headers.UserAgent,
            http.RequestAborted);
        return outcome switch
        {
            MyPrizes.Outcome.Saved => PageResult.Render<DonePage>(new DoneView("claim-saved", "已提交",
                input.Method == FulfilmentMethods.Pickup ? "请按约定到店领取。" : "我们将尽快为您寄出奖品，发货后可在“我的奖品”查看运单号。",
                LinkText: "我的奖品", Link: "/h5/me/prizes")),
            MyPrizes.Outcome.Invalid => await FormAsync(http, prize, prizes, antiforgery, options.CurrentValue, input, problem, 422),
            _ => PageResult.Problem(409, "无法修改", ClosedText(prize), "我的奖品", "/h5/me/prizes"),
        };
    }

    private static string ClosedText(MyPrizes.PrizeView prize) => prize.State == FulfilmentStates.AwaitingAddress
        ? "领取期限已过，奖品已视为放弃。"
        : $"奖品当前状态为“{prize.StateText}”，收货信息已无法修改。";

    private static async Task<IResult> FormAsync(
        HttpContext http,
        MyPrizes.PrizeView prize,
        MyPrizes prizes,
        IAntiforgery antiforgery,
        FulfilmentOptions o,
        MyPrizes.ClaimInput? entered,
        string? error,
        int status)
    {
        var stores = await prizes.StoresAsync(http.RequestAborted);
        var notice = await prizes.DeliveryNoticeAsync(http.RequestAborted);
        var current = entered
            ?? new MyPrizes.ClaimInput(
                prize.Method ?? FulfilmentMethods.Delivery,
                prize.Address?.Name,
                prize.Address?.Phone,
                prize.Address?.Address,
                prize.PickupStore);
        return PageResult.Render<ClaimFormPage>(new ClaimFormView(prize.Id, prize.Prize, error, o.AddressRetentionDays, notice?.Version, notice?.Title,
            ChinaTime.Format(prize.ClaimBy), FormToken.For(http, antiforgery), current.Method == FulfilmentMethods.Pickup, current.Name, current.Phone,
            current.Address, current.Store, [.. stores.Select(s =>
                new ClaimStoreOption(s.Code, s.Address.Length == 0 ? s.Name : s.Name + " · " + s.Address))]), status);
    }
}

using Microsoft.AspNetCore.Antiforgery;
using Microsoft.Extensions.Options;
using WechatLeads.Server.H5;
using WechatLeads.Server.Platform;
using WechatLeads.Server.Security;
using static WechatLeads.Server.Platform.Web.Html;

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
        var rows = list.Count == 0 ? "<p id=\"no-prizes\">您还没有需要寄送或领取的实物奖品。</p>" : string.Concat(list.Select(p => $"""
            <div class="prize" id="prize-{E(p.Id)}"><h2>{E(p.Prize)}</h2><p class="muted">{E(p.Campaign)} · 中奖时间 {ChinaTime.Format(p.WonAt)}</p>
            <p>状态：<b class="state">{E(p.StateText)}</b></p>{Details(p, now)}
            {(p.CanClaim(now) ? $"<a class=\"button\" href=\"/h5/me/prizes/{E(p.Id)}\">{(p.State == FulfilmentStates.AwaitingAddress ? "填写收货地址" : "修改收货信息")}</a>" : "")}</div>
            """));
        return Page("我的奖品", $"<div class=\"card\"><h1>我的奖品</h1>{rows}</div><p class=\"muted\"><a href=\"/h5/me\">我的数据与授权</a></p>");
    }

    private static string Details(MyPrizes.PrizeView p, DateTime now) => p.State switch
    {
        FulfilmentStates.AwaitingAddress => $"<p class=\"muted\">请在 {ChinaTime.Format(p.ClaimBy)}（北京时间）前填写收货地址或选择到店领取，逾期视为放弃。</p>",
        FulfilmentStates.Ready when p.Method == FulfilmentMethods.Pickup =>
            $"<p>领取门店：{E(p.PickupStoreName ?? p.PickupStore)} {E(p.PickupStoreAddress)}</p><p class=\"muted\">到店出示本页面，领取编号 <b>{E(ShortCode(p.Id))}</b></p>",
        FulfilmentStates.Ready => "<p class=\"muted\">我们将尽快为您发货。</p>",
        FulfilmentStates.Shipped or FulfilmentStates.Delivered when p.Carrier is not null => $"<p class=\"tracking\">{E(p.Carrier)} 运单号 {E(p.TrackingNumber)}</p>",
        _ => "",
    };

    /// <summary>What store staff look for in the console: the end of the id, easy to read out.</summary>
    public static string ShortCode(string id) => id.Length <= 8 ? id.ToUpperInvariant() : id[^8..].ToUpperInvariant();

    private static async Task<IResult> ShowAsync(string id, HttpContext http, MyPrizes prizes, IAntiforgery antiforgery, IOptionsMonitor<FulfilmentOptions> options, TimeProvider time)
    {
        if (await H5Identity.CurrentAsync(http) is not { } who) return H5Identity.SignIn(http.Request);
        var prize = await prizes.FindAsync(who.SubjectKey, id, http.RequestAborted);
        if (prize is null) return Problem(404, "没有找到奖品", "没有找到这个奖品，或它不属于您。", "我的奖品", "/h5/me/prizes");
        if (!prize.CanClaim(time.GetUtcNow().UtcDateTime)) return Problem(409, "无法修改", ClosedText(prize), "我的奖品", "/h5/me/prizes");
        return await FormAsync(http, prize, prizes, antiforgery, options.CurrentValue, null, null, 200);
    }

    private static async Task<IResult> SubmitAsync(
        string id, HttpContext http, MyPrizes prizes, IAntiforgery antiforgery, IOptionsMonitor<FulfilmentOptions> options, TimeProvider time)
    {
        if (await H5Identity.CurrentAsync(http) is not { } who) return H5Identity.SignIn(http.Request);
        if (!http.Request.HasFormContentType || !await antiforgery.IsRequestValidAsync(http))
            return Problem(400, "页面已过期", "请刷新页面后重新提交。", "返回", $"/h5/me/prizes/{id}");
        var form = await http.Request.ReadFormAsync(http.RequestAborted);
        var input = new MyPrizes.ClaimInput(form["method"], form["name"], form["phone"], form["address"], form["store"]);
        var prize = await prizes.FindAsync(who.SubjectKey, id, http.RequestAborted);
        if (prize is null) return Problem(404, "没有找到奖品", "没有找到这个奖品，或它不属于您。", "我的奖品", "/h5/me/prizes");
        if (form["agree"] != "yes") return await FormAsync(http, prize, prizes, antiforgery, options.CurrentValue, input, "请阅读说明并勾选同意后再提交。", 422);

        var (outcome, problem) = await prizes.ClaimAsync(who, id, input, http.Connection.RemoteIpAddress?.ToString(), http.Request.Headers.UserAgent, http.RequestAborted);
        return outcome switch
        {
            MyPrizes.Outcome.Saved => Page("已提交", $"""
                <div class="card" id="claim-saved"><h1>已提交</h1><p>{(input.Method == FulfilmentMethods.Pickup ? "请按约定到店领取。" : "我们将尽快为您寄出奖品，发货后可在“我的奖品”查看运单号。")}</p>
                <a class="button" href="/h5/me/prizes">我的奖品</a></div>
                """),
            MyPrizes.Outcome.Invalid => await FormAsync(http, prize, prizes, antiforgery, options.CurrentValue, input, problem, 422),
            _ => Problem(409, "无法修改", ClosedText(prize), "我的奖品", "/h5/me/prizes"),
        };
    }

    private static string ClosedText(MyPrizes.PrizeView prize) => prize.State == FulfilmentStates.AwaitingAddress
        ? "领取期限已过，奖品已视为放弃。"
        : $"奖品当前状态为“{prize.StateText}”，收货信息已无法修改。";

    private static async Task<IResult> FormAsync(
        HttpContext http, MyPrizes.PrizeView prize, MyPrizes prizes, IAntiforgery antiforgery, FulfilmentOptions o, MyPrizes.ClaimInput? entered, string? error, int status)
    {
        var tokens = antiforgery.GetAndStoreTokens(http);
        var stores = await prizes.StoresAsync(http.RequestAborted);
        var notice = await prizes.DeliveryNoticeAsync(http.RequestAborted);
        var current = entered ?? new MyPrizes.ClaimInput(prize.Method ?? FulfilmentMethods.Delivery, prize.Address?.Name, prize.Address?.Phone, prize.Address?.Address, prize.PickupStore);
        var pickup = current.Method == FulfilmentMethods.Pickup;
        var storeOptions = string.Concat(stores.Select(s =>
            $"<option value=\"{E(s.Code)}\"{(s.Code == current.Store ? " selected" : "")}>{E(s.Name)}{(s.Address.Length == 0 ? "" : " · " + E(s.Address))}</option>"));
        return Page("领取奖品", $"""
            <div class="card"><h1>领取「{E(prize.Prize)}」</h1>
            {(error is null ? "" : $"<p class=\"error\" role=\"alert\">{E(error)}</p>")}
            <div class="notice" id="delivery-purpose"><b>奖品寄送说明</b><br>
            您填写的收件人姓名、手机号和收货地址<b>仅用于寄送本奖品</b>（交给快递公司完成配送），不用于营销，也不会提供给其他第三方。
            信息加密保存，工作人员界面只显示掩码；在奖品签收、退回或逾期后 <b>{o.AddressRetentionDays} 天</b>自动删除。
            选择到店领取则无需填写地址。您可随时在“我的数据与授权”查看或删除。
            {(notice is null ? "" : $"完整说明见<a href=\"/privacy/{E(notice.Version)}\" id=\"delivery-notice\">《{E(notice.Title)}》（{E(notice.Version)}）</a>。")}</div>
            <p class="muted">请在 {ChinaTime.Format(prize.ClaimBy)}（北京时间）前提交，逾期视为放弃。</p>
            <form method="post" action="/h5/me/prizes/{E(prize.Id)}"><input type="hidden" name="{E(tokens.FormFieldName)}" value="{E(tokens.RequestToken)}">
            <label class="check"><input type="radio" name="method" value="delivery" id="method-delivery"{(pickup ? "" : " checked")}>邮寄到家</label>
            <input type="text" id="name" name="name" maxlength="{DeliveryAddress.MaxName}" placeholder="收件人姓名" value="{E(current.Name)}">
            <input type="tel" id="phone" name="phone" inputmode="tel" maxlength="20" placeholder="收件人手机号" value="{E(current.Phone)}">
            <input type="text" id="address" name="address" maxlength="{DeliveryAddress.MaxAddress}" placeholder="省市区、街道、门牌号" value="{E(current.Address)}">
            {(stores.Count == 0 ? "" : $"""
              <label class="check"><input type="radio" name="method" value="pickup" id="method-pickup"{(pickup ? " checked" : "")}>到店领取</label>
              <select id="store" name="store"><option value="">选择门店</option>{storeOptions}</select>
              """)}
            <label class="check"><input type="checkbox" name="agree" value="yes" id="agree">我已阅读上述说明，同意为寄送本奖品处理我填写的信息</label>
            <button type="submit" id="submit-claim">提交</button></form>
            <p class="muted"><a href="/h5/me/prizes">返回我的奖品</a></p></div>
            """, status);
    }
}

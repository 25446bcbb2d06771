using Microsoft.AspNetCore.Antiforgery;
using Microsoft.EntityFrameworkCore;
using WechatLeads.Server.Campaigns;
using WechatLeads.Server.Consent;
using WechatLeads.Server.Data;
using WechatLeads.Server.Followers;
using WechatLeads.Server.Leads;
using WechatLeads.Server.Platform;
using WechatLeads.Server.Unsubscribe;
using static WechatLeads.Server.Platform.Web.Html;

namespace WechatLeads.Server.H5;

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

    private static async Task<IResult> ShowAsync(HttpContext http, LeadsDbContext db, ConsentLedger ledger, PhoneProtector phones, IAntiforgery antiforgery)
    {
        var who = await H5Identity.CurrentAsync(http);
        if (who is null) return H5Identity.SignIn(http.Request);
        var ct = http.RequestAborted;
        var joined = await db.Set<Lead>().AsNoTracking().Where(l => l.SubjectKey == who.SubjectKey)
            .Join(db.Set<Campaign>(), l => l.CampaignId, c => c.Id, (l, c) => new { c.Title, l.CreatedAt, l.PersonId, l.MarketingConsent })
            .OrderBy(x => x.CreatedAt).ToListAsync(ct);
        var personIds = joined.Select(j => j.PersonId).Distinct().ToList();
        var masked = (await db.Set<Person>().AsNoTracking().Where(p => personIds.Contains(p.Id)).Select(p => p.PhoneCipher).ToListAsync(ct))
            .Select(phones.MaskStored).ToList();
        var history = await ledger.HistoryAsync(who.SubjectKey, ct);
        var optedOut = await db.Set<Follower>().AnyAsync(f => f.OpenId == who.OpenId && f.MarketingOptOut, ct);
        var marketingInForce = !optedOut && (await ledger.GrantedScopesAsync(who.SubjectKey, ConsentPurposes.Marketing, ct)).Count > 0;
        var tokens = antiforgery.GetAndStoreTokens(http);
        // Proven numbers only (an unproven one may be someone else's), and a message a receipt marked delivered was sent too.
        var messages = await db.Set<Marketing.MarketingDelivery>().AsNoTracking()
            .Where(d => personIds.Contains(d.PersonId) && db.Set<Person>().Any(p => p.Id == d.PersonId && p.Proven)
                        && Marketing.MarketingDeliveryStatus.Received.Contains(d.Status))
            .Join(db.Set<Marketing.MarketingSend>(), d => d.SendId, m => m.Id, (d, m) => new { m.Name, m.Channel, d.CompletedAt })
            .OrderByDescending(x => x.CompletedAt).Take(50).ToListAsync(ct);

        var body = $"""
            <div class="card"><h1>我的数据与授权</h1>
              <p class="muted">这里是我们保存的与您有关的全部信息。手机号仅以掩码显示。</p>
              <h2>手机号</h2><p id="phones">{(masked.Count == 0 ? "未留存" : E(string.Join("、", masked)))}</p>
              <h2>参与的活动</h2>
              {(joined.Count == 0 ? "<p>暂无</p>" : "<table>" + string.Concat(joined.Select(j => $"<tr><td>{E(j.Title)}</td><td class=\"muted\">{ChinaTime.Format(j.CreatedAt)}</td></tr>")) + "</table>")}
            </div>
            <div class="card"><h2>营销信息</h2>
              <p id="marketing-state">{(marketingInForce ? "您已同意接收营销信息。" : optedOut ? "您已退订营销信息，我们不会向您发送任何营销内容。" : "您没有同意接收营销信息。")}</p>
              {(marketingInForce ? $"""
                <form method="post" action="/h5/me/optout"><input type="hidden" name="{E(tokens.FormFieldName)}" value="{E(tokens.RequestToken)}">
                <button class="secondary" type="submit" id="withdraw">一键退订营销信息</button></form>
                """ : "")}
            </div>
            <div class="card"><h2>收到的营销信息</h2>
              {(messages.Count == 0 ? "<p id=\"messages\">暂无</p>" : "<table id=\"messages\">" + string.Concat(messages.Select(m => $"<tr><td>{E(m.Name)}</td><td>{E(ChannelName(m.Channel))}</td><td class=\"muted\">{(m.CompletedAt is { } at ? ChinaTime.Format(at) : "")}</td></tr>")) + "</table>")}
            </div>
            <div class="card"><h2>我的权利</h2>
              <p><a class="button" href="/h5/me/prizes" id="my-prizes">我的奖品</a></p>
              <p><a class="button" href="/h5/me/export" id="export" download>下载我的数据（JSON）</a></p>
              <p><a class="button" href="/h5/me/phone" id="correct-phone">更正手机号</a></p>
              <p><a href="/h5/me/delete" id="delete-all">删除我的全部数据</a></p>
            </div>
            <div class="card"><h2>授权记录</h2>
              {(history.Count == 0 ? "<p>暂无</p>" : "<table>" + string.Concat(history.Select(e => $"<tr><td>{E(PurposeName(e.Purpose))}</td><td>{(e.Action == ConsentActions.Granted ? "同意" : "撤回")}</td><td class=\"muted\">{ChinaTime.Format(e.OccurredAt)}{(e.PolicyVersion is null ? "" : " · 政策 " + E(e.PolicyVersion))}</td></tr>")) + "</table>")}
            </div>
            """;
        return Page("我的数据与授权", body);
    }

    private static async Task<IResult> OptOutAsync(HttpContext http, IAntiforgery antiforgery, DurableWriteQueue writes)
    {
        var who = await H5Identity.CurrentAsync(http);
        if (who is null) return H5Identity.SignIn(http.Request);
        if (!await antiforgery.IsRequestValidAsync(http)) return Problem(400, "页面已过期", "请刷新页面后重试。", "返回", "/h5/me");
        await writes.SubmitAsync(null, [new OptOutWrite(who.OpenId, who.SubjectKey, OptOutChannels.MyDataPage)], http.RequestAborted);
        return Page("退订成功", """
            <div class="card" id="optout-done"><h1>退订成功</h1><p>从现在起，我们不会再向您发送营销信息。已领取的优惠券不受影响。</p>
            <a class="button" href="/h5/me">返回我的数据</a></div>
            """);
    }

    private static string ChannelName(string channel) => channel switch
    {
        Marketing.MarketingChannels.Sms => "短信",
        Marketing.MarketingChannels.WechatTemplate => "公众号模板消息",
        _ => "公众号客服消息",
    };

    private static string PurposeName(string purpose) => purpose switch
    {
        ConsentPurposes.Service => "活动服务",
        ConsentPurposes.Marketing => "营销信息",
        ConsentPurposes.Delivery => "奖品寄送",
        _ => purpose,
    };
}

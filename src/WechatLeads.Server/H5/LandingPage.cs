using WechatLeads.Server.Campaigns;
using WechatLeads.Server.Platform;
using WechatLeads.Server.Privacy;
using static WechatLeads.Server.Platform.Web.Html;

namespace WechatLeads.Server.H5;

/// <summary>
/// The promotion page: what is on offer, a summary of the privacy notice with a link to the full text,
/// and two separate consent boxes — service (required) and marketing (optional) — neither ticked.
/// Nothing here asks for following or sharing (WeChat forbids rewarding either).
/// </summary>
internal static class LandingPage
{
    /// <summary>
    /// The form as the person left it: a refusal or a sent code re-renders it with everything they entered,
    /// consent boxes exactly as they ticked (or didn't tick) them.
    /// </summary>
    public sealed record Form(string FormToken, string Antiforgery, string AntiforgeryField, string? Source, string? Store, string? Phone, string? Error)
    {
        public string? SmsCode { get; init; }
        public bool ConsentService { get; init; }
        public bool ConsentMarketing { get; init; }
        /// <summary>Set once a code was sent: "sent to 138****8000", and the send button becomes 未收到？重新发送.</summary>
        public string? CodeSentTo { get; init; }
    }

    public static string Render(Campaign campaign, PrivacyPolicy policy, Form form, DrawRules.PublishedRules? rules = null)
    {
        var prizes = campaign.Type == CampaignTypes.LuckyDraw && rules is not null
            ? DrawRules.RulesPages.PrizeTable(rules.Document, campaign.Prizes.ToDictionary(p => p.Id, p => p.Remaining)) +
              $"<p class=\"muted\" id=\"draw-rules\">每人每天 {campaign.DrawsPerDay} 次，活动期间共 {campaign.DrawsTotal} 次。主办方：{E(rules.Document.Organiser)}。" +
              $"<a href=\"{E(rules.Url)}\">活动规则（第 {rules.Version.Version} 版）</a></p>"
            : $"<p class=\"muted\" id=\"coupon-terms\">每人限领一张。{E(campaign.CouponTerms().Summary(DateTime.UtcNow))}</p>";
        var marketing = campaign.AsksFor("marketing")
            ? $$"""
              <label class="check"><input type="checkbox" name="consentMarketing" value="yes" id="consentMarketing"{{Checked(form.ConsentMarketing)}}>
              <span><strong>（可选）</strong>同意接收优惠和新品等营销信息。不勾选不影响领取奖品，可随时回复 TD 退订。</span></label>
              """
            : "";
        return $"""
            <div class="card">
              <h1>{E(campaign.Title)}</h1>
              <p>{E(campaign.Description)}</p>
              {prizes}
              <p class="muted">参与无需关注公众号或分享。活动时间：{ChinaTime.Format(campaign.StartsAt, "yyyy-MM-dd")} 至 {ChinaTime.Format(campaign.EndsAt, "yyyy-MM-dd")}（北京时间）。</p>
            </div>
            <form class="card" method="post" action="/h5/c/{E(campaign.Slug)}">
              {(form.Error is null ? "" : $"<div class=\"error\" role=\"alert\">{E(form.Error)}</div>")}
              {(form.CodeSentTo is null ? "" : $"<div class=\"notice\" id=\"code-sent\" role=\"status\">验证码已发送至 {E(form.CodeSentTo)}，10 分钟内有效。</div>")}
              <h2>个人信息保护说明</h2>
              <p class="muted">{E(PolicySummary)}<a href="/privacy/{E(policy.Version)}" target="_blank">阅读完整《{E(policy.Title)}》</a></p>
              <label for="phone">手机号</label>
              <input type="tel" id="phone" name="phone" inputmode="tel" autocomplete="tel" maxlength="20" placeholder="11 位中国大陆手机号" value="{E(form.Phone)}" required>
              <label for="smsCode">短信验证码</label>
              <div class="row">
                <input type="text" id="smsCode" name="smsCode" inputmode="numeric" autocomplete="one-time-code" maxlength="8" placeholder="6 位验证码" value="{E(form.SmsCode)}">
                <button type="submit" name="action" value="send-code" id="send-code" formnovalidate>{(form.CodeSentTo is null && string.IsNullOrEmpty(form.SmsCode) ? "获取验证码" : "未收到？重新发送")}</button>
              </div>
              <p class="muted">验证码用于确认手机号属于您本人；每个号码每小时最多获取 5 次。</p>
              <label class="check"><input type="checkbox" name="consentService" value="yes" id="consentService"{Checked(form.ConsentService)}>
              <span><strong>（必选）</strong>我已阅读并同意《个人信息保护政策》，同意为发放奖品处理我的手机号和微信标识。</span></label>
              {marketing}
              <input type="hidden" name="policyVersion" value="{E(policy.Version)}">
              <input type="hidden" name="formToken" value="{E(form.FormToken)}">
              <input type="hidden" name="src" value="{E(form.Source)}">
              <input type="hidden" name="store" value="{E(form.Store)}">
              <input type="hidden" name="{E(form.AntiforgeryField)}" value="{E(form.Antiforgery)}">
              <button type="submit" id="submit">{(campaign.Type == CampaignTypes.Coupon ? "立即领取" : "立即抽奖")}</button>
              <p class="muted">本活动仅面向 18 周岁以上成年人。<a href="/h5/me">我的数据与授权</a></p>
            </form>
            """;
    }

    private static string Checked(bool on) => on ? " checked" : "";

    private const string PolicySummary =
        "我们只为发放奖品处理您的手机号（加密保存，工作人员仅见掩码）和微信标识；营销信息需您单独同意。" +
        "活动信息按政策规定期限保存后自动删除；您可随时查看、更正、删除数据或撤回同意。";
}

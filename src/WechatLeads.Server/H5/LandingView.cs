using WechatLeads.Server.Campaigns;
using WechatLeads.Server.DrawRules;
using WechatLeads.Server.Platform;
using WechatLeads.Server.Platform.Web;
using WechatLeads.Server.Privacy;

namespace WechatLeads.Server.H5;

/// <summary>
/// What the promotion page shows: the offer, a summary of the privacy notice with a link to the full text, and
/// the form as the person left it (a refusal or a sent code re-renders it with everything they entered, consent
/// boxes exactly as they ticked — or didn't tick — them). Nothing here asks for following or sharing.
/// </summary>
public sealed record LandingView(
    string Slug, string Title, string Description, string StartsOn, string EndsOn, PrizeTableView? Prizes, DrawTermsView? DrawTerms, string? CouponTerms,
    string PolicyVersion, string PolicyTitle, bool AsksForMarketing, string SubmitText, LandingForm Form, CampaignAvailability Availability)
{
    /// <summary>The send button's words: a second press is 未收到？重新发送.</summary>
    public string SendCodeText => Form.CodeSentTo is null && string.IsNullOrEmpty(Form.SmsCode) ? "获取验证码" : "未收到？重新发送";

    /// <summary>Staff's preview from the console: a banner says so and nothing can be submitted.</summary>
    public bool Preview { get; init; }

    /// <summary>Inside WeChat, the share card for this server's share script; null elsewhere.</summary>
    public ShareCardView? Share { get; init; }

    public const string PolicySummary =
        "我们只为发放奖品处理您的手机号（加密保存，工作人员仅见掩码）和微信标识；营销信息需您单独同意。" +
        "活动信息按政策规定期限保存后自动删除；您可随时查看、更正、删除数据或撤回同意。";

    internal static LandingView From(Campaign campaign, PrivacyPolicy policy, LandingForm form, PublishedRules? rules, CampaignAvailability availability)
    {
        var draw = campaign.Type == CampaignTypes.LuckyDraw && rules is not null;
        // The end is exclusive (00:00 of the day after): people are shown the last minute that still counts.
        return new LandingView(campaign.Slug, campaign.Title, campaign.Description,
            ChinaTime.Format(campaign.StartsAt), ChinaTime.LastMinute(campaign.EndsAt),
            draw ? PrizeTableView.From(rules!.Document, campaign.Prizes.ToDictionary(p => p.Id, p => p.Remaining)) : null,
            draw ? new DrawTermsView(campaign.DrawsPerDay, campaign.DrawsTotal, rules!.Document.Organiser, rules.Url, rules.Version.Version) : null,
            draw ? null : campaign.CouponTerms().Summary(DateTime.UtcNow),
            policy.Version, policy.Title, campaign.AsksFor("marketing"), campaign.Type == CampaignTypes.Coupon ? "立即领取" : "立即抽奖", form,
            availability);
    }
}

/// <summary>A draw's limits and where its announced rules are.</summary>
public sealed record DrawTermsView(int PerDay, int Total, string Organiser, string RulesUrl, int RulesVersion);

/// <summary>The form as the person left it, with this rendering's one-time form token and antiforgery field.</summary>
public sealed record LandingForm(string FormToken, string Antiforgery, string AntiforgeryField, string? Source, string? Store, string? Phone, string? Error)
{
    public string? SmsCode { get; init; }
    public bool ConsentService { get; init; }
    public bool ConsentMarketing { get; init; }

    /// <summary>Set once a code was sent: "sent to 138****8000" (already masked).</summary>
    public string? CodeSentTo { get; init; }
}

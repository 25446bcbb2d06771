using WechatLeads.Server.Platform.Web;

namespace WechatLeads.Server.Sms;

/// <summary>
/// Whether the configured provider and template can carry a marketing SMS, checked when an operator schedules
/// the send (not when it runs, hours later, person by person). The rules are the providers' own as the
/// configuration declares them: a verification or notification template may not carry promotion; Tencent
/// forbids promoting draws and coupons in any template; Aliyun sends 推广短信 only for enterprise-verified accounts.
/// </summary>
internal static class SmsCapabilities
{
    /// <summary>Words that promote a draw or a coupon (抽奖、中奖、优惠券…): Tencent's review refuses them in any template.</summary>
    public static readonly string[] DrawAndCouponWords = ["抽奖", "中奖", "奖品", "大奖", "券", "红包", "彩票"];

    /// <summary>The reasons a marketing SMS with <paramref name="text"/> can't be sent; empty when it can.</summary>
    public static IReadOnlyList<string> MarketingProblems(SmsOptions o, string text)
    {
        if (o.Provider.Length == 0) return ["no SMS gateway is configured (Sms:Provider)."];
        if (!o.IsRealProvider) return []; // the sandbox carries anything: it sends nothing
        var problems = new List<string>();
        var template = o.Templates.Marketing;
        if (string.IsNullOrWhiteSpace(template.Id))
            problems.Add(Ui.T("no marketing SMS template is configured (Sms:Templates:Marketing:Id): approve one in the provider's console first."));
        else if (template.Type != SmsTemplateTypes.Marketing)
            problems.Add(Ui.T("Sms:Templates:Marketing:Type is '{0}': only a template approved as marketing (营销/推广) may carry marketing.", template.Type));
        if (o.Provider == SmsOptions.AliyunName && !o.Aliyun.EnterpriseVerified)
            problems.Add(Ui.T("Aliyun sends marketing SMS only for enterprise-verified accounts (Sms:Aliyun:EnterpriseVerified is false)."));
        if (o.Provider == SmsOptions.TencentName && DrawAndCouponWords.FirstOrDefault(w => text.Contains(w, StringComparison.Ordinal)) is { } word)
            problems.Add(Ui.T("Tencent forbids promoting draws and coupons in SMS (the message contains '{0}'): send it on a WeChat channel instead.", word));
        return problems;
    }
}

using WechatLeads.Server.Platform.Web;

namespace WechatLeads.Server.Marketing;

/// <summary>
/// What every marketing message must say before it may be scheduled: who sends it (【brand】) and how to
/// refuse more (回复TD退订, or the menu's 取消订阅 inside WeChat). Checked once, at scheduling time, so a
/// message without them never reaches anyone.
/// </summary>
internal static class MessageRules
{
    public const string SmsRefusal = "回复TD退订";
    public const string MenuRefusal = "取消订阅";

    public static IReadOnlyList<string> Problems(string channel, string text, string senderName)
    {
        var problems = new List<string>();
        if (string.IsNullOrWhiteSpace(senderName))
            problems.Add(Ui.T("Marketing:SenderName is not configured: every marketing message must name its sender."));
        else if (!text.Contains($"【{senderName}】", StringComparison.Ordinal))
            problems.Add(Ui.T("the message must name the sender as 【{0}】.", senderName));
        if (channel == MarketingChannels.Sms && !text.Contains(SmsRefusal, StringComparison.Ordinal))
            problems.Add(Ui.T("an SMS must tell how to refuse: {0}.", SmsRefusal));
        if (channel != MarketingChannels.Sms && !text.Contains(SmsRefusal, StringComparison.Ordinal) && !text.Contains(MenuRefusal, StringComparison.Ordinal))
            problems.Add(Ui.T("a WeChat message must tell how to refuse: {0} or the menu's “{1}”.", SmsRefusal, MenuRefusal));
        var max = channel == MarketingChannels.Sms ? 500 : 2000;
        if (text.Length > max) problems.Add(Ui.T("the message is longer than {0} characters.", max));
        return problems;
    }
}

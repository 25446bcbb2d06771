using WechatLeads.Server.Platform.Web;

namespace WechatLeads.Server.Marketing;

/// <summary>What <see cref="MarketingPage"/> shows: the newest sends, the rules every message is checked against, and the campaigns to target.</summary>
public sealed record MarketingView(
    IReadOnlyList<SendProgress> Sends, IReadOnlyList<SelectOption> Campaigns, string SenderName, int CapMessages, double CapWindowDays,
    TimeOnly QuietFrom, TimeOnly QuietUntil, DateTime Now);

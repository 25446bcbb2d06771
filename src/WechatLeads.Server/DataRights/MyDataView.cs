using WechatLeads.Server.Consent;
using WechatLeads.Server.Leads;
using WechatLeads.Server.Platform;

namespace WechatLeads.Server.DataRights;

/// <summary>
/// 我的数据与授权 as the page shows it. Built from the person's own copy (<see cref="PersonalDataExport.Copy"/>): what the
/// page shows and what the download hands over come from one reader, so they can't drift apart; the page only masks
/// the phone numbers, formats the times and keeps the newest <see cref="MessagesShown"/> messages.
/// </summary>
public sealed record MyDataView(
    IReadOnlyList<string> MaskedPhones, IReadOnlyList<MyDataRow> Campaigns, MarketingStanding Marketing, IReadOnlyList<MyDataRow> Messages,
    IReadOnlyList<MyDataRow> Consents, string AntiforgeryField, string Antiforgery)
{
    /// <summary>
    /// Notices under which marketing can be asked for again (重新接收营销信息), shown when marketing is not in force:
    /// each one a form with its own unticked box. Empty when no joined campaign asks for marketing.
    /// </summary>
    public IReadOnlyList<NoticeChoice> ConsentAgainUnder { get; init; } = [];

    public const int MessagesShown = 50;

    /// <summary>What the marketing card says.</summary>
    public string MarketingText => Marketing switch
    {
        MarketingStanding.InForce => "您已同意接收营销信息。",
        MarketingStanding.OptedOut => "您已退订营销信息，我们不会向您发送任何营销内容。"
            + (ConsentAgainUnder.Count > 0 ? "如需重新接收，请在下方勾选同意后点“重新接收营销信息”。" : ""),
        _ => "您没有同意接收营销信息。",
    };

    internal static MyDataView From(PersonalDataExport.Copy copy, MarketingStanding marketing, string antiforgeryField, string antiforgery) => new(
        [.. copy.PhoneNumbers.Select(PhoneNumber.Mask)],
        [.. copy.Campaigns.Select(c => new MyDataRow(c.Title, ChinaTime.Format(c.JoinedAt)))],
        marketing,
        [.. copy.MarketingMessages.OrderByDescending(m => m.At).Take(MessagesShown)
            .Select(m => new MyDataRow(m.Name, ChannelName(m.Channel), m.At is { } at ? ChinaTime.Format(at) : ""))],
        [.. copy.Consents.Select(e => new MyDataRow(PurposeName(e.Purpose), e.Action == ConsentActions.Granted ? "同意" : "撤回",
            ChinaTime.Format(e.At) + (e.PolicyVersion is null ? "" : " · 政策 " + e.PolicyVersion)))],
        antiforgeryField, antiforgery);

    private static string ChannelName(string channel) => channel switch
    {
        WechatLeads.Server.Marketing.MarketingChannels.Sms => "短信",
        WechatLeads.Server.Marketing.MarketingChannels.WechatTemplate => "公众号模板消息",
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

/// <summary>A privacy notice a person can consent under: its version and title, linked to <c>/privacy/{version}</c>.</summary>
public sealed record NoticeChoice(string Version, string Title);

/// <summary>A row of one of the page's tables: what, and (when there is one) a second column, then the time in muted text.</summary>
public sealed record MyDataRow(string What, string Detail, string? When = null);

public enum MarketingStanding { NotGiven, InForce, OptedOut }

namespace WechatLeads.Server.Marketing;

/// <summary>Statuses, channels and skip reasons of marketing sends in the words the marketing team reads; the codes stay in the API.</summary>
internal static class MarketingNames
{
    public static string Status(string status) => status switch
    {
        MarketingSendStatus.Scheduled => "已安排",
        MarketingSendStatus.Running => "发送中",
        MarketingSendStatus.Finished => "已完成",
        MarketingSendStatus.Cancelled => "已取消",
        _ => status,
    };

    public static string Channel(string channel) => channel switch
    {
        MarketingChannels.Sms => "短信",
        MarketingChannels.WechatCustomerService => "公众号客服消息",
        MarketingChannels.WechatTemplate => "公众号模板消息",
        _ => channel,
    };

    public static string SkipReason(string reason) => reason switch
    {
        SkipReasons.OptedOut => "已退订",
        SkipReasons.NoConsent => "未同意营销或已撤回",
        SkipReasons.OutdatedPolicy => "同意的是旧版隐私政策",
        SkipReasons.ConsentLapsed => "同意已过期",
        SkipReasons.FrequencyCap => "超出发送频率上限",
        SkipReasons.NoWechatIdentity => "没有公众号身份",
        SkipReasons.NotFollowing => "已取消关注",
        SkipReasons.OutsideServiceWindow => "超过 48 小时互动窗口",
        SkipReasons.Erased => "个人信息已删除",
        SkipReasons.PhoneNotProven => "手机号未验证",
        SkipReasons.Cancelled => "发送已取消",
        SkipReasons.ProviderError => "服务商发送失败",
        _ => reason,
    };
}

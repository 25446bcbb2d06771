namespace WechatLeads.Server.Campaigns;

/// <summary>Where a lead came from, in the words the marketing team uses; a campaign's own source names show as written.</summary>
internal static class SourceNames
{
    public static string Name(string source) => source switch
    {
        "menu" => "公众号菜单",
        "welcome" => "关注欢迎语",
        "article" => "图文文章",
        "qrcode" => "二维码",
        "poster" => "海报",
        "ad" => "广告",
        "share" => "好友分享",
        "sms" => "短信",
        Attribution.StoreSource => "门店扫码",
        Attribution.Other => "其他",
        _ => source,
    };
}

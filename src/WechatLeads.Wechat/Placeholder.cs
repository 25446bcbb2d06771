namespace WechatLeads.Wechat; internal static class Placeholder { }

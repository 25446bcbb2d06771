using WechatLeads.Server.Platform.Web;

namespace WechatLeads.Server.SubscribeMessages;

internal static class SubscriptionProblems
{
    public static readonly ApiProblem NotMiniProgram = new(403, ProblemCodes.NotMiniProgram, "订阅消息只适用于小程序。",
        "Subscribe messages belong to the mini-program; sign in with a mini-program session.");
    public static readonly ApiProblem UnknownTemplate = new(400, ProblemCodes.UnknownTemplate, "未知的订阅模板。",
        "templateId must be one of the configured subscribe message templates.");
    public static readonly ApiProblem InvalidResult = new(400, ProblemCodes.InvalidSubscribeResult, "订阅结果无效。",
        "result must be accept, reject, ban or filter (what wx.requestSubscribeMessage returned).");
}

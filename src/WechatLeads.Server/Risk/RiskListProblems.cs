using WechatLeads.Server.Platform.Web;

namespace WechatLeads.Server.Risk;

internal static class RiskListProblems
{
    public static readonly ApiProblem AlreadyListed = new(409, ProblemCodes.AlreadyListed, "已在名单中。", "先从原名单删除，再加入另一名单。");
    public static readonly ApiProblem EntryNotFound = new(404, ProblemCodes.ListEntryNotFound, "No such entry.");
}

using WechatLeads.Server.Platform.Web;

namespace WechatLeads.Server.Marketing;

internal static class MarketingProblems
{
    public static readonly ApiProblem SendNotFound = new(404, ProblemCodes.SendNotFound, "No such send.");
    public static readonly ApiProblem SendFinished = new(409, ProblemCodes.SendFinished, "This send has already finished or was cancelled.");
}

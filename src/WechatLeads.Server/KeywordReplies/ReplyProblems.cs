using WechatLeads.Server.Platform.Web;

namespace WechatLeads.Server.KeywordReplies;

internal static class ReplyProblems
{
    public static readonly ApiProblem NotFound = new(404, ProblemCodes.ReplyNotFound, "No such reply.");
}

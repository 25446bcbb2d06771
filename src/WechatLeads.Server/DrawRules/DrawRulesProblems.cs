using WechatLeads.Server.Platform.Web;

namespace WechatLeads.Server.DrawRules;

/// <summary>Refusals of the announced-rules API.</summary>
internal static class DrawRulesProblems
{
    public static readonly ApiProblem RulesNotFound = new(404, ProblemCodes.RulesNotFound, "No announced rules for this campaign (or no such version).");
}

using WechatLeads.Server.Platform.Web;

namespace WechatLeads.Server.DataRights;

/// <summary>Refusals of the data-rights API: consent given back, requests answered.</summary>
internal static class DataRightsProblems
{
    public static readonly ApiProblem JsonRequired = new(415, ProblemCodes.JsonRequired, "Send the body as application/json.");
    public static readonly ApiProblem ConsentBodyInvalid = new(400, ProblemCodes.InvalidJson, "The body is not valid JSON for {policyVersion, campaign}.");
    public static readonly ApiProblem PolicyVersionRequired = new(422, ProblemCodes.ConsentRequired,
        "请先阅读《个人信息保护政策》，并提交您所同意的政策版本（policyVersion）。");
    public static readonly ApiProblem CampaignNotJoined = new(404, ProblemCodes.CampaignNotJoined, "您没有参与该活动，无需授权。");
}

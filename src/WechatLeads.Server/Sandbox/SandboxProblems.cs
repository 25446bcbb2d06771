using WechatLeads.Server.Platform.Web;

namespace WechatLeads.Server.Sandbox;

/// <summary>Refusals of the sandbox's own controls (development only): what the simulator or a test sent wrong.</summary>
internal static class SandboxProblems
{
    public static readonly ApiProblem FollowerNotFound = new(404, ProblemCodes.NotFound, "No such sandbox follower.");
    public static readonly ApiProblem CampaignNotFound = new(404, ProblemCodes.CampaignNotFound, "No such campaign.");

    public static ApiProblem Invalid(string what) => new(400, ProblemCodes.SandboxRequestInvalid, what);
}

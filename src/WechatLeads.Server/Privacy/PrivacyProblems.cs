using WechatLeads.Server.Platform.Web;

namespace WechatLeads.Server.Privacy;

internal static class PrivacyProblems
{
    /// <summary>A published version keeps its text forever: consents point at it.</summary>
    public static ApiProblem VersionTaken(string version) =>
        new(409, ProblemCodes.PolicyVersionTaken, Ui.T("Version {0} is published with another text.", version),
        "Consents point at the published text, so it never changes. Publish the new text under a new version.");
}

using WechatLeads.Server.Platform.Web;

namespace WechatLeads.Server.Messaging;

/// <summary>
/// How the push URL says no. WeChat only reads the status (anything but 200 is retried), so the title is for
/// whoever debugs a proxy or a signature: which check failed, never anything from the push.
/// </summary>
internal static class WebhookProblems
{
    public static readonly ApiProblem StorageUnavailable = new(503, ProblemCodes.StorageUnavailable, "Temporarily unable to store the message.");

    public static ApiProblem Refused(int status, string reason) =>
        new(status, status == 401 ? ProblemCodes.SignatureInvalid : ProblemCodes.ForStatus(status), reason);
}

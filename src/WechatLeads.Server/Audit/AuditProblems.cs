using WechatLeads.Server.Platform.Web;

namespace WechatLeads.Server.Audit;

internal static class AuditProblems
{
    public static readonly ApiProblem LogBroken = new(409, ProblemCodes.AuditLogBroken, "The audit log failed verification; no checkpoint was signed.");
    public static readonly ApiProblem CheckpointInvalid = new(400, ProblemCodes.CheckpointInvalid,
        "Send one checkpoint as downloaded: {sequence, hash, at, signature}.");
    public static readonly ApiProblem CheckpointNotOurs = new(400, ProblemCodes.CheckpointSignatureInvalid,
        "This checkpoint does not carry this deployment's signature (changed, or from another deployment).");
}

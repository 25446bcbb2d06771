using WechatLeads.Server.Platform.Web;

namespace WechatLeads.Server.Compliance;

internal static class ComplianceProblems
{
    public static readonly ApiProblem EmptyPeriod = new(400, ProblemCodes.InvalidPeriod, "Empty period.", "'to' must be after 'from'.");
    public static readonly ApiProblem PeriodTooLong = new(400, ProblemCodes.InvalidPeriod, "Period too long.", "At most five years per report.");
    public static readonly ApiProblem UnknownFormat = new(400, ProblemCodes.InvalidFilter, "Unknown format.", "format is html (default) or json.");
}

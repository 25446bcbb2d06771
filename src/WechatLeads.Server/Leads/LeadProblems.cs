using WechatLeads.Server.Platform.Web;

namespace WechatLeads.Server.Leads;

/// <summary>Refusals of the lead search, export and reveal.</summary>
internal static class LeadProblems
{
    public static readonly ApiProblem NotFound = new(404, ProblemCodes.LeadNotFound, "No such lead.", "Unknown id, or the lead was erased.");
    public static readonly ApiProblem ReasonRequired = new(400, ProblemCodes.ReasonRequired, "A reason is required.",
        Ui.T("Say why you need the full phone number (at least {0} characters); it is kept in the audit log.", LeadAdminEndpoints.MinReasonLength));
    public static readonly ApiProblem ReasonInvalid = new(400, ProblemCodes.ReasonRequired, "The reason is too long or has control characters.",
        "At most 500 characters of text.");
    public static readonly ApiProblem UnknownConsentFilter = new(
        400,
        ProblemCodes.InvalidFilter,
        "Unknown consent filter.",
        "consent is 'marketing' or 'none'.");
    public static readonly ApiProblem EmptyPeriod = new(400, ProblemCodes.InvalidPeriod, "Empty date range.", "'to' must be after 'from'.");
    public static readonly ApiProblem UnknownAudience = new(
        400,
        ProblemCodes.UnknownAudience,
        "Unknown audience.",
        "audience is 'all' (default) or 'marketing'.");
    public static readonly ApiProblem UnmaskedForCompliance = new(403, ProblemCodes.UnmaskedForCompliance, "Full phone numbers are for the Compliance role.",
        "Export without unmasked=true for masked numbers.");

    public static readonly ApiProblem InvalidPhoneSearch = new(400, ProblemCodes.InvalidFilter, "请输入完整的 11 位手机号。",
        "A phone search is an exact match on the full number (its blind index): no partial numbers.");
    public static readonly ApiProblem UnknownHeaders = new(400, ProblemCodes.InvalidFilter, "Unknown headers option.",
        "headers is 'chinese' (default: Chinese column names, words, Beijing time) or 'machine' (English names, codes, UTC).");
    public static readonly ApiProblem UnknownProvenFilter = new(400, ProblemCodes.InvalidFilter, "Unknown proven filter.", "proven is 'yes' or 'no'.");

    public static ApiProblem InvalidFilter(string name) =>
        new(400, ProblemCodes.InvalidFilter, Ui.T("Invalid {0} filter.", name), Ui.T("{0} is at most 128 characters of text.", name));
}

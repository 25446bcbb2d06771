using Microsoft.AspNetCore.Http.HttpResults;
using WechatLeads.Server.Audit;

namespace WechatLeads.Server.Leads;

/// <summary>
/// Finding a lead by the full number a caller gives (a customer on the phone, a complaint): an exact match on the
/// keyed blind index, so no number is decrypted to search and partial numbers find nothing. The searcher typed a
/// number and learns whether it is held, so it is audited like a reveal — with a reason, before the answer — and
/// the result stays masked.
/// </summary>
internal static class LeadPhoneSearch
{
    /// <summary>The filter narrowed to the typed number (audited first), or the refusal; the filter unchanged when no number was typed.</summary>
    public static async Task<(LeadFilter Filter, ProblemHttpResult? Problem)> ApplyAsync(
        LeadSearch search, LeadFilter filter, HttpContext http, PhoneProtector phones, AuditLog audit, CancellationToken ct)
    {
        if (search.PhoneTyped is not { } typed) return (filter, null);
        if (!PhoneNumber.TryParse(typed, out var parsed) || parsed is not { } phone) return (filter, LeadProblems.InvalidPhoneSearch.ToResult());
        if (LeadAdminEndpoints.ReasonProblem(search.Reason) is { } reasonProblem) return (filter, reasonProblem);
        await audit.AppendAsync(http, new AuditRecord(AuditActions.PhoneSearch, "leads?phone=" + phone.Masked, 0, search.Reason!.Trim()), ct);
        return (filter with { PhoneIndex = phones.BlindIndex(phone) }, null);
    }
}

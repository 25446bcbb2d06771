using System.Globalization;
using Microsoft.EntityFrameworkCore;
using WechatLeads.Server.Admin;
using WechatLeads.Server.Data;
using WechatLeads.Server.Platform.Web;

namespace WechatLeads.Server.Leads;

/// <summary>
/// The console's lead list: the API's search as a form, phones masked for everyone. Compliance gets a
/// reveal form per row (reason required, audited by the API before the number is shown) and the unmasked
/// export; Operators see neither.
/// </summary>
internal static class LeadPages
{
    private const int PageSize = 50;

    public static IEndpointRouteBuilder MapLeadPages(this IEndpointRouteBuilder app)
    {
        app.MapGet("/admin/leads", PageAsync).ExcludeFromDescription().RequireAuthorization(AdminPolicies.Staff);
        return app;
    }

    private static async Task<IResult> PageAsync(
        [AsParameters] LeadSearch search,
        HttpContext http,
        LeadsDbContext db,
        PhoneProtector phones,
        CancellationToken ct)
    {
        var problem = search.Problem();
        var rows = problem is null ? await LeadQuery.Search(db, search.Filter with { After = search.After }).Take(PageSize).ToListAsync(ct) : [];
        var compliance = LeadAdminEndpoints.IsCompliance(http.User);
        var filterQuery = string.Join(
            '&',
            http.Request.Query.Where(q => q.Key is not ("after" or "limit") && !string.IsNullOrWhiteSpace(q.Value)).Select(q =>
                $"{Uri.EscapeDataString(q.Key)}={Uri.EscapeDataString(q.Value.ToString())}"));
        var day = (DateOnly? d) => d?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        var form = new LeadFilterForm(search.Campaign, search.Source, search.Store, search.Channel, search.Consent, day(search.FromDay), day(search.ToDay));
        var list = rows.Select(r =>
            new LeadListRow(r.Id, r.CreatedAt, r.Campaign, phones.MaskStored(r.PhoneCipher), r.Channel, r.Source, r.Store, r.MarketingConsent))
            .ToList();
        var refused = problem is null ? null : $"{problem.ProblemDetails.Title} {problem.ProblemDetails.Detail}";
        var view = new LeadsView(form, refused, list, compliance, filterQuery, rows.Count == PageSize ? rows[^1].Id : null);
        return ConsoleLayout.Render<LeadsPage>(http, view);
    }
}

using System.Globalization;
using Microsoft.EntityFrameworkCore;
using WechatLeads.Server.Admin;
using WechatLeads.Server.Audit;
using WechatLeads.Server.Campaigns;
using WechatLeads.Server.Data;
using WechatLeads.Server.Platform.Web;
using WechatLeads.Server.Stores;

namespace WechatLeads.Server.Leads;

/// <summary>
/// The console's lead list: newest first, filters as drop-downs, page numbers and the total, and a search by full
/// phone number (audited, with a reason; the result stays masked). Phones are masked for everyone; Compliance gets
/// a reveal form per row (reason required, audited by the API before the number is shown) and the unmasked
/// export; Operators see neither.
/// </summary>
internal static class LeadPages
{
    public static IEndpointRouteBuilder MapLeadPages(this IEndpointRouteBuilder app)
    {
        app.MapGet("/admin/leads", PageAsync).ExcludeFromDescription().RequireAuthorization(AdminPolicies.Staff);
        return app;
    }

    private static async Task<IResult> PageAsync(
        [AsParameters] LeadSearch search,
        int? page,
        HttpContext http,
        LeadsDbContext db,
        PhoneProtector phones,
        AuditLog audit,
        CancellationToken ct)
    {
        var problem = search.Problem();
        var filter = search.Filter;
        if (problem is null) (filter, problem) = await LeadPhoneSearch.ApplyAsync(search, filter, http, phones, audit, ct);

        var (rows, total, current, pages) = (new List<LeadRow>(), 0L, 1, 1);
        if (problem is null)
        {
            var query = LeadQuery.Search(db, filter, newestFirst: true);
            total = await query.LongCountAsync(ct);
            (current, pages) = ListPaging.Of(total, LeadsView.PageSize, page);
            rows = await query.Skip((current - 1) * LeadsView.PageSize).Take(LeadsView.PageSize).ToListAsync(ct);
        }
        // The typed number never goes into a link (it would sit in browser history and server logs).
        var filterQuery = ListPaging.FiltersOf(http.Request, "after", "limit", "page", "phone", "reason");
        var day = (DateOnly? d) => d?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        var form = new LeadFilterForm(search.Campaign, search.Source, search.Store, search.Channel, search.Consent, day(search.FromDay), day(search.ToDay),
            search.Proven);
        var list = rows.Select(r => new LeadListRow(
            r.Id, r.CreatedAt, r.Campaign, phones.MaskStored(r.PhoneCipher), r.Channel, r.Source, r.Store, r.MarketingConsent, r.PhoneProven)).ToList();
        var refused = problem is null ? null : $"{problem.ProblemDetails.Title} {problem.ProblemDetails.Detail}";
        var view = new LeadsView(form, refused, list, LeadAdminEndpoints.IsCompliance(http.User), filterQuery, await ChoicesAsync(db, ct),
            current, pages, total);
        return ConsoleLayout.Render<LeadsPage>(http, view);
    }

    private static async Task<LeadChoices> ChoicesAsync(LeadsDbContext db, CancellationToken ct)
    {
        SelectOption[] any = [new("", "全部")];
        var campaigns = await CampaignChoices.ListAsync(db, ct);
        var configured = await db.Set<Campaign>().AsNoTracking().Select(c => c.Sources).ToListAsync(ct);
        var sources = Attribution.DefaultSources
            .Concat(configured.SelectMany(s => s.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)))
            .Append(Attribution.StoreSource).Append(Attribution.Other)
            .Distinct(StringComparer.Ordinal).Select(s => new SelectOption(s, SourceNames.Name(s)));
        var stores = await db.Set<Store>().AsNoTracking().OrderBy(s => s.Code).Select(s => new SelectOption(s.Code, s.Name + "（" + s.Code + "）"))
            .ToListAsync(ct);
        return new LeadChoices([.. any, .. campaigns], [.. any, .. sources], [.. any, .. stores]);
    }
}

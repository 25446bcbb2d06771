using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using WechatLeads.Server.Admin;
using WechatLeads.Server.Audit;
using WechatLeads.Server.Data;
using WechatLeads.Server.Platform;
using WechatLeads.Server.Platform.Web;

namespace WechatLeads.Server.Leads;

/// <summary>
/// Leads for staff: listed with the phone masked for everyone; a full number only for Compliance, one at a
/// time with a reason, or in an export with a reason — each written to the audit log before it is shown.
/// </summary>
internal static class LeadAdminEndpoints
{
    public sealed record LeadView(
        string Id,
        string Campaign,
        string Phone,
        string Channel,
        string? Source,
        string? Store,
        bool MarketingConsent,
        DateTime CreatedAt,
        bool PhoneProven);

    public sealed record LeadPage(IReadOnlyList<LeadView> Items, string? Next);

    public sealed record RevealRequest(string? Reason);

    public sealed record RevealedPhone(string LeadId, string Phone, long AuditSequence);

    internal const int MinReasonLength = 5;

    public static RouteGroupBuilder MapLeadAdmin(this RouteGroupBuilder admin)
    {
        admin.MapGet("/leads", ListAsync).WithName("ListLeads")
            .WithSummary("Leads by campaign, date, source, store, channel, consent state and proven number, or by a full phone number (phone, with a " +
                "reason: audited); phone numbers masked.");
        admin.MapPost("/leads/{id}/reveal", RevealAsync).RequireAuthorization(AdminPolicies.Compliance).WithName("RevealLeadPhone")
            .WithSummary("The full phone number of one lead. Compliance only; the reason is required and audited.");
        admin.MapGet("/leads/export", LeadCsvExport.ExportAsync).WithName("ExportLeads")
            .WithSummary("Streams leads as CSV, masked. unmasked=true (Compliance, with reason) gives full numbers; audience=marketing only people with " +
                "marketing consent in force.")
            .Produces(200, contentType: "text/csv").ProducesProblem(400).ProducesProblem(403);
        return admin;
    }

    private static async Task<Results<Ok<LeadPage>, ProblemHttpResult>> ListAsync(
        [AsParameters] LeadSearch search, HttpContext http, LeadsDbContext db, PhoneProtector phones, AuditLog audit, CancellationToken ct)
    {
        if (search.Problem() is { } problem) return problem;
        var (filter, refused) = await LeadPhoneSearch.ApplyAsync(search, search.Filter with { After = search.After }, http, phones, audit, ct);
        if (refused is not null) return refused;
        var take = Math.Clamp(search.Limit ?? 50, 1, 200);
        var page = await LeadQuery.Search(db, filter).Take(take).ToListAsync(ct);
        var items = page.Select(r =>
            new LeadView(r.Id, r.Campaign, phones.MaskStored(r.PhoneCipher), r.Channel, r.Source, r.Store, r.MarketingConsent, r.CreatedAt, r.PhoneProven))
            .ToList();
        return TypedResults.Ok(new LeadPage(items, page.Count == take ? page[^1].Id : null));
    }

    private static async Task<Results<Ok<RevealedPhone>, ProblemHttpResult>> RevealAsync(
        string id, RevealRequest? body, HttpContext http, LeadsDbContext db, PhoneProtector phones, AuditLog audit, CancellationToken ct)
    {
        if (ReasonProblem(body?.Reason) is { } problem) return problem;
        var cipher = await db.Set<Lead>().AsNoTracking().Where(l => l.Id == id)
            .Join(db.Set<Person>(), l => l.PersonId, p => p.Id, (l, p) => p.PhoneCipher).SingleOrDefaultAsync(ct);
        if (cipher is null) return LeadProblems.NotFound.ToResult();

        // Audited first: if the entry can't be written, nothing is shown.
        var entry = await audit.AppendAsync(http, new AuditRecord(AuditActions.Reveal, "lead:" + id, 1, body!.Reason!.Trim()), ct);
        return TypedResults.Ok(new RevealedPhone(id, phones.Decrypt(cipher), entry.Sequence));
    }

    internal static ProblemHttpResult? ReasonProblem(string? reason) =>
        string.IsNullOrWhiteSpace(reason) || reason.Trim().Length < MinReasonLength
            ? LeadProblems.ReasonRequired.ToResult()
            : reason.Length > 500 || reason.Any(char.IsControl)
                ? LeadProblems.ReasonInvalid.ToResult()
                : null;

    internal static bool IsCompliance(ClaimsPrincipal user) => user.IsInRole(AdminRoles.Compliance);
}

/// <summary>Query parameters shared by the list and the export.</summary>
// Settable properties, not a positional record: the request delegate generator emits typeof(string?) for a
// constructor's nullable parameters, which does not compile (dotnet/aspnetcore#58953).
internal sealed class LeadSearch
{
    public string? Campaign { get; init; }
    public DateTime? From { get; init; }
    public DateTime? To { get; init; }
    public string? Source { get; init; }
    public string? Store { get; init; }
    public string? Channel { get; init; }
    public string? Consent { get; init; }
    public string? After { get; init; }
    public int? Limit { get; init; }
    /// <summary>The first China calendar day (Beijing time), instead of <see cref="From"/>; the console's filter.</summary>
    public DateOnly? FromDay { get; init; }
    /// <summary>The last China calendar day included, instead of <see cref="To"/>.</summary>
    public DateOnly? ToDay { get; init; }
    /// <summary>A full phone number to search for (exact, by blind index); needs <see cref="Reason"/> and is audited.</summary>
    public string? Phone { get; init; }
    public string? Reason { get; init; }
    /// <summary><c>yes</c>: only proven numbers; <c>no</c>: only unproven.</summary>
    public string? Proven { get; init; }

    // An empty box in the console's filter form means "any", not "equal to the empty string".
    public LeadFilter Filter => new(Blank(Campaign), UtcTime.Start(From, FromDay), UtcTime.End(To, ToDay),
        Blank(Source), Blank(Store), Blank(Channel), Blank(Consent))
    {
        Proven = Blank(Proven) switch { "yes" => true, "no" => false, _ => null },
    };

    /// <summary>The typed phone number, when one was typed.</summary>
    public string? PhoneTyped => Blank(Phone);

    private static string? Blank(string? value) => string.IsNullOrWhiteSpace(value) ? null : value;

    public ProblemHttpResult? Problem()
    {
        if (Blank(Consent) is not (null or LeadQuery.ConsentMarketing or LeadQuery.ConsentNone))
            return LeadProblems.UnknownConsentFilter.ToResult();
        if (Blank(Proven) is not (null or "yes" or "no")) return LeadProblems.UnknownProvenFilter.ToResult();
        if (PhoneTyped is { } phone && !PhoneNumber.TryParse(phone, out _)) return LeadProblems.InvalidPhoneSearch.ToResult();
        if (UtcTime.BothForms(From, FromDay, To, ToDay) is { } bothForms) return bothForms;
        if (Filter is { From: { } f, To: { } t } && t <= f)
            return LeadProblems.EmptyPeriod.ToResult();
        // Longer than any stored value can be, or text no database column holds: a mistake, not a search.
        foreach (var (name, value) in new[] { ("campaign", Campaign), ("source", Source), ("store", Store), ("channel", Channel), ("after", After) })
            if (value is not null && (value.Length > 128 || value.Any(char.IsControl)))
                return LeadProblems.InvalidFilter(name).ToResult();
        return null;
    }
}

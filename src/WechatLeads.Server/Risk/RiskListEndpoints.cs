using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using WechatLeads.Server.Audit;
using WechatLeads.Server.Data;
using WechatLeads.Server.Leads;
using WechatLeads.Server.Platform.Web;
using WechatLeads.Server.Security;

namespace WechatLeads.Server.Risk;

/// <summary>Operators' block and allow lists for draws: <c>/admin/api/risk-lists</c>. Every change is audited.</summary>
internal static class RiskListEndpoints
{
    public sealed record NewEntry(string? List, string? Kind, string? Value, string? Note);

    public sealed record EntryView(long Id, string List, string Kind, string Display, string Note, string CreatedBy, DateTime CreatedAt)
    {
        public static EntryView Of(RiskListEntry e) => new(e.Id, e.List, e.Kind, e.Display, e.Note, e.CreatedBy, e.CreatedAt);
    }

    public static RouteGroupBuilder MapRiskLists(this RouteGroupBuilder admin)
    {
        admin.MapGet("/risk-lists", ListAsync).WithName("ListRiskLists").WithSummary("The draw block list and allow list (numbers masked).");
        admin.MapPost("/risk-lists", AddAsync).WithName("AddRiskListEntry")
            .WithSummary("Blocks (list=block) or allows (list=allow: staff test accounts skip the risk check and address limits) a phone number or openid.");
        admin.MapDelete("/risk-lists/{id:long}", RemoveAsync).WithName("RemoveRiskListEntry").WithSummary("Takes an entry off its list.");
        return admin;
    }

    private static async Task<List<EntryView>> ListAsync(LeadsDbContext db, CancellationToken ct) =>
        (await db.Set<RiskListEntry>().AsNoTracking().OrderBy(e => e.List).ThenByDescending(e => e.Id).ToListAsync(ct)).Select(EntryView.Of).ToList();

    private static async Task<Results<Created<EntryView>, ValidationProblem, ProblemHttpResult>> AddAsync(
        NewEntry body, LeadsDbContext db, PhoneProtector phones, SubjectHasher hasher, RiskListCache cache, AuditLog audit, HttpContext http,
        TimeProvider time, CancellationToken ct)
    {
        var problems = new List<string>();
        if (body.List is not (RiskLists.Block or RiskLists.Allow)) problems.Add(Ui.T("list must be block or allow."));
        if (body.Note is { Length: > 200 }) problems.Add(Ui.T("note is at most 200 characters."));
        string? key = null, display = null;
        var value = body.Value?.Trim() ?? "";
        if (body.Kind == RiskLists.Phone)
        {
            if (PhoneNumber.TryParse(value, out var phone)) (key, display) = (phones.BlindIndex(phone.Value), phone.Value.Masked);
            else problems.Add(Ui.T("value must be a mainland mobile number."));
        }
        else if (body.Kind == RiskLists.OpenId)
        {
            if (value.Length is >= 6 and <= 64 && value.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_'))
                (key, display) = (hasher.HashOpenId(value), $"{value[..4]}…{value[^4..]}");
            else problems.Add(Ui.T("value must be an openid (6-64 letters, digits, - or _)."));
        }
        else problems.Add(Ui.T("kind must be phone or openid."));
        if (problems.Count > 0) return ApiProblem.Validation("entry", problems);
        if (await db.Set<RiskListEntry>().AnyAsync(e => e.Kind == body.Kind && e.Key == key, ct))
            return RiskListProblems.AlreadyListed.ToResult();

        var entry = new RiskListEntry
        {
            List = body.List!,
            Kind = body.Kind!,
            Key = key!,
            Display = display!,
            Note = body.Note?.Trim() ?? "",
            CreatedBy = http.User.Identity?.Name ?? "staff",
            CreatedAt = time.GetUtcNow().UtcDateTime,
        };
        db.Add(entry);
        await db.SaveChangesAsync(ct);
        cache.Forget();
        await audit.AppendAsync(
            http,
            new AuditRecord(AuditActions.RiskListChanged, $"risk-list:{entry.Id} {entry.List} {entry.Kind} {entry.Display} added"),
            ct);
        return TypedResults.Created($"/admin/api/risk-lists/{entry.Id}", EntryView.Of(entry));
    }

    private static async Task<Results<NoContent, ProblemHttpResult>> RemoveAsync(
        long id, LeadsDbContext db, RiskListCache cache, AuditLog audit, HttpContext http, CancellationToken ct)
    {
        var entry = await db.Set<RiskListEntry>().AsNoTracking().SingleOrDefaultAsync(e => e.Id == id, ct);
        if (entry is null) return RiskListProblems.EntryNotFound.ToResult();
        await db.Set<RiskListEntry>().Where(e => e.Id == id).ExecuteDeleteAsync(ct);
        cache.Forget();
        await audit.AppendAsync(http, new AuditRecord(AuditActions.RiskListChanged, $"risk-list:{id} {entry.List} {entry.Kind} {entry.Display} removed"), ct);
        return TypedResults.NoContent();
    }
}

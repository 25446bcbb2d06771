using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using WechatLeads.Server.Audit;
using WechatLeads.Server.Campaigns;
using WechatLeads.Server.Data;
using WechatLeads.Server.Marketing;
using WechatLeads.Server.Platform.Web;

namespace WechatLeads.Server.KeywordReplies;

/// <summary><c>/admin/api/replies</c>: the keyword replies and the default reply. Every change is audited and applies within 30 seconds everywhere.</summary>
internal static class KeywordReplyEndpoints
{
    public sealed record ReplyView(long Id, string Match, IReadOnlyList<string> Keywords, string Type, string? Text, string? Title, string? Description,
        string? Url, string? Campaign, bool Promotional, bool IsDefault, int Position, string UpdatedBy, DateTime UpdatedAt)
    {
        public static ReplyView Of(KeywordReply r) => new(r.Id, r.Match, r.KeywordList(), r.Type, r.Text, r.Title, r.Description, r.Url, r.Campaign,
            r.Promotional, r.IsDefault, r.Position, r.UpdatedBy, r.UpdatedAt);
    }

    public static RouteGroupBuilder MapKeywordReplyAdmin(this RouteGroupBuilder admin)
    {
        admin.MapGet("/replies", ListAsync)
            .WithName("ListKeywordReplies")
            .WithSummary("The keyword replies in the order they are tried (exact rules first), and the default reply.");
        admin.MapPost("/replies", CreateAsync).WithName("CreateKeywordReply")
            .WithSummary("Adds a rule: match (exact|contains), keywords, type (text|link|campaign) and its fields; promotional replies follow the marketing " +
                "rules.");
        admin.MapPut("/replies/{id:long}", UpdateAsync).WithName("UpdateKeywordReply").WithSummary("Replaces a rule, or the default reply (its id).");
        admin.MapDelete("/replies/{id:long}", DeleteAsync)
            .WithName("DeleteKeywordReply")
            .WithSummary("Removes a rule; the default reply becomes none (silence).");
        return admin;
    }

    private static async Task<Ok<List<ReplyView>>> ListAsync(LeadsDbContext db, KeywordReplyBook book, CancellationToken ct)
    {
        await book.CurrentAsync(ct); // loads config/replies.json on first use
        var rows = await db.Set<KeywordReply>().AsNoTracking().ToListAsync(ct);
        return TypedResults.Ok(rows.OrderBy(r => r.IsDefault ? 2 : r.Match == KeywordMatches.Exact ? 0 : 1).ThenBy(r => r.Position).ThenBy(r => r.Id)
            .Select(ReplyView.Of).ToList());
    }

    private static async Task<Results<Created<ReplyView>, ValidationProblem>> CreateAsync(
        ReplyEdit body, LeadsDbContext db, KeywordReplyBook book, IOptionsMonitor<MarketingOptions> marketing, AuditLog audit, HttpContext http,
        TimeProvider time, CancellationToken ct)
    {
        await book.CurrentAsync(ct);
        if (body.Problems(isDefault: false, marketing.CurrentValue.SenderName, await SlugsAsync(db, ct)) is { Count: > 0 } problems)
            return ApiProblem.Validation("reply", problems);
        var row = new KeywordReply
        {
            Type = body.Type!,
            UpdatedBy = http.User.Identity?.Name ?? "staff",
            UpdatedAt = time.GetUtcNow().UtcDateTime,
            Position = body.Position ?? (await db.Set<KeywordReply>().MaxAsync(r => (int?)r.Position, ct) ?? 0) + 1,
        };
        body.ApplyTo(row);
        db.Add(row);
        await db.SaveChangesAsync(ct);
        book.Forget();
        await audit.AppendAsync(
            http,
            new AuditRecord(AuditActions.KeywordReplyChanged, $"reply:{row.Id} added ({row.Match}: {string.Join("、", row.KeywordList())})"),
            ct);
        return TypedResults.Created($"/admin/api/replies/{row.Id}", ReplyView.Of(row));
    }

    private static async Task<Results<Ok<ReplyView>, ValidationProblem, ProblemHttpResult>> UpdateAsync(
        long id, ReplyEdit body, LeadsDbContext db, KeywordReplyBook book, IOptionsMonitor<MarketingOptions> marketing, AuditLog audit, HttpContext http,
        TimeProvider time, CancellationToken ct)
    {
        var row = await db.Set<KeywordReply>().SingleOrDefaultAsync(r => r.Id == id, ct);
        if (row is null) return ReplyProblems.NotFound.ToResult();
        if (body.Problems(row.IsDefault, marketing.CurrentValue.SenderName, await SlugsAsync(db, ct)) is { Count: > 0 } problems)
            return ApiProblem.Validation("reply", problems);
        body.ApplyTo(row);
        (row.UpdatedBy, row.UpdatedAt) = (http.User.Identity?.Name ?? "staff", time.GetUtcNow().UtcDateTime);
        await db.SaveChangesAsync(ct);
        book.Forget();
        await audit.AppendAsync(http, new AuditRecord(AuditActions.KeywordReplyChanged, $"reply:{row.Id} {(row.IsDefault ? "default" : "rule")} changed"), ct);
        return TypedResults.Ok(ReplyView.Of(row));
    }

    private static async Task<Results<NoContent, ProblemHttpResult>> DeleteAsync(
        long id, LeadsDbContext db, KeywordReplyBook book, AuditLog audit, HttpContext http, TimeProvider time, CancellationToken ct)
    {
        var row = await db.Set<KeywordReply>().SingleOrDefaultAsync(r => r.Id == id, ct);
        if (row is null) return ReplyProblems.NotFound.ToResult();
        if (row.IsDefault)
        {
            new ReplyEdit(null, null, ReplyTypes.None, null, null, null, null, null, false, 0).ApplyTo(row); // silence, but the row stays
            (row.UpdatedBy, row.UpdatedAt) = (http.User.Identity?.Name ?? "staff", time.GetUtcNow().UtcDateTime);
        }
        else db.Remove(row);
        await db.SaveChangesAsync(ct);
        book.Forget();
        await audit.AppendAsync(http, new AuditRecord(AuditActions.KeywordReplyChanged, $"reply:{id} removed"), ct);
        return TypedResults.NoContent();
    }

    private static async Task<IReadOnlySet<string>> SlugsAsync(LeadsDbContext db, CancellationToken ct) =>
        (await db.Set<Campaign>().Select(c => c.Slug).ToListAsync(ct)).ToHashSet(StringComparer.Ordinal);
}

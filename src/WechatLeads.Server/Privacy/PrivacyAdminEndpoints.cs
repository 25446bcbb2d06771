using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using WechatLeads.Server.Audit;
using WechatLeads.Server.Data;
using WechatLeads.Server.Platform.Web;

namespace WechatLeads.Server.Privacy;

/// <summary>
/// Privacy-notice versions from the console: list them with the campaigns that point at each, and publish a
/// new one. Publishing never edits: a version, once out, is what people consented to.
/// </summary>
internal static class PrivacyAdminEndpoints
{
    public sealed record PolicySummary(string Version, string Title, string ContentHash, DateTime PublishedAt, IReadOnlyList<string> Campaigns);

    public sealed record NewPolicy(string? Version, string? Markdown);

    public static RouteGroupBuilder MapPrivacyAdmin(this RouteGroupBuilder admin)
    {
        admin.MapGet("/privacy", ListAsync).WithName("ListPrivacyPolicies").WithSummary("Every published privacy-notice version and the campaigns using it.");
        admin.MapPost("/privacy", PublishAsync).WithName("PublishPrivacyPolicy")
            .WithSummary("Publishes a new version (Markdown). Published versions never change: the same text again is accepted, another text under an " +
                "existing version is a 409.");
        return admin;
    }

    private static async Task<List<PolicySummary>> ListAsync(LeadsDbContext db, IPolicyUsage usage, CancellationToken ct)
    {
        var policies = await db.Set<PrivacyPolicy>().AsNoTracking().OrderByDescending(p => p.PublishedAt)
            .Select(p => new { p.Version, p.Title, p.ContentHash, p.PublishedAt }).ToListAsync(ct);
        var campaigns = await usage.CampaignsByVersionAsync(ct);
        return [.. policies.Select(p => new PolicySummary(p.Version, p.Title, p.ContentHash, p.PublishedAt, [.. campaigns[p.Version]]))];
    }

    private static async Task<Results<Created<PolicySummary>, Ok<PolicySummary>, ValidationProblem, ProblemHttpResult>> PublishAsync(
        NewPolicy body, PrivacyCatalog catalog, LeadsDbContext db, AuditLog audit, HttpContext http, CancellationToken ct)
    {
        var version = body.Version?.Trim() ?? "";
        var markdown = body.Markdown ?? "";
        var problems = PrivacyCatalog.Problems(version, markdown);
        if (problems.Count > 0) return ApiProblem.Validation("policy", problems);

        var outcome = await catalog.PublishAsync(version, markdown, ct);
        if (outcome == PrivacyCatalog.Outcome.TextDiffers)
            return PrivacyProblems.VersionTaken(version).ToResult();
        var saved = await db.Set<PrivacyPolicy>().AsNoTracking().SingleAsync(p => p.Version == version, ct);
        var summary = new PolicySummary(saved.Version, saved.Title, saved.ContentHash, saved.PublishedAt, []);
        if (outcome == PrivacyCatalog.Outcome.AlreadyPublished) return TypedResults.Ok(summary);
        await audit.AppendAsync(http, new AuditRecord(AuditActions.PrivacyPublished, $"privacy:{version} sha256:{saved.ContentHash}"), ct);
        return TypedResults.Created($"/privacy/{version}", summary);
    }
}

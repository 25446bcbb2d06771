using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using WechatLeads.Server.Campaigns;
using WechatLeads.Server.Data;
using WechatLeads.Server.Platform.Web;

namespace WechatLeads.Server.DrawRules;

/// <summary>
/// <c>/h5/c/{slug}/rules</c>: a draw's 活动规则 as announced — every version kept, each with its SHA-256, so a
/// person can save the page and later show what was promised. <c>GET /api/campaigns/{slug}/rules</c> is the
/// same as JSON (the canonical document the hash is over).
/// </summary>
internal static class RulesPages
{
    /// <param name="Content">The stored text itself: SHA-256 of its UTF-8 bytes is <paramref name="Sha256"/>.</param>
    public sealed record RulesAnswer(int Version, string Sha256, DateTime PublishedAt, RulesDocument Rules, string Content, IReadOnlyList<int> Versions);

    public static void MapRulesPages(this IEndpointRouteBuilder app)
    {
        app.MapGet("/h5/c/{slug}/rules", PageAsync).ExcludeFromDescription().RequireRateLimiting(RateLimits.H5Pages);
        app.MapGet("/api/campaigns/{slug}/rules", ApiAsync).WithTags("Participation").WithName("GetCampaignRules")
            .WithSummary("A lucky draw's announced rules (prizes with kind, value, quantity and odds; limits; dates; organiser; complaints), a stored version with its SHA-256.")
            .RequireRateLimiting(RateLimits.H5Pages).ProducesProblem(404);
    }

    private static async Task<(CampaignRulesVersion Version, IReadOnlyList<int> All)?> FindAsync(string slug, int? version, LeadsDbContext db, CampaignCatalog catalog, CancellationToken ct)
    {
        if (await catalog.GetAsync(slug, ct) is not { Rules: { } current }) return null; // also stores the current version if it changed
        var all = await db.Set<CampaignRulesVersion>().AsNoTracking().Where(r => r.CampaignId == current.Version.CampaignId)
            .OrderBy(r => r.Version).Select(r => r.Version).ToListAsync(ct);
        if (version is null) return (current.Version, all);
        var chosen = await db.Set<CampaignRulesVersion>().AsNoTracking().SingleOrDefaultAsync(r => r.CampaignId == current.Version.CampaignId && r.Version == version, ct);
        return chosen is null ? null : (chosen, all);
    }

    private static async Task<Results<Ok<RulesAnswer>, ProblemHttpResult>> ApiAsync(string slug, int? version, LeadsDbContext db, CampaignCatalog catalog, CancellationToken ct) =>
        await FindAsync(slug, version, db, catalog, ct) is { } found
            ? TypedResults.Ok(new RulesAnswer(found.Version.Version, found.Version.Sha256, found.Version.CreatedAt, RulesDocument.Parse(found.Version.Content)!,
                found.Version.Content, found.All))
            : DrawRulesProblems.RulesNotFound.ToResult();

    private static async Task<IResult> PageAsync(string slug, int? version, LeadsDbContext db, CampaignCatalog catalog, CancellationToken ct)
    {
        if (await FindAsync(slug, version, db, catalog, ct) is not { } found)
            return PageResult.Problem(404, "没有找到活动规则", "这个活动没有公布抽奖规则，或规则版本不存在。");
        return PageResult.Render<RulesPage>(RulesView.From(slug, found.Version, found.All));
    }
}

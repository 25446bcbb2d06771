using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Caching.Memory;
using WechatLeads.Server.Campaigns;
using WechatLeads.Server.Data;
using WechatLeads.Server.Participation;
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
            .WithSummary("A lucky draw's announced rules (prizes with kind, value, quantity and odds; limits; dates; organiser; complaints), a stored " +
                "version with its SHA-256.")
            .RequireRateLimiting(RateLimits.H5Pages).ProducesProblem(404);
    }

    private static async Task<(
        CampaignRulesVersion Version,
        IReadOnlyList<int> All)?> FindAsync(string slug, int? version, LeadsDbContext db, RulesPublisher publisher,
        IMemoryCache cache, CancellationToken ct)
    {
        if (await CurrentAsync(slug, db, publisher, cache, ct) is not { } current) return null;
        var all = await db.Set<CampaignRulesVersion>().AsNoTracking().Where(r => r.CampaignId == current.CampaignId)
            .OrderBy(r => r.Version).Select(r => r.Version).ToListAsync(ct);
        if (version is null) return (current, all);
        var chosen = await db.Set<CampaignRulesVersion>()
            .AsNoTracking()
            .SingleOrDefaultAsync(r => r.CampaignId == current.CampaignId && r.Version == version, ct);
        return chosen is null ? null : (chosen, all);
    }

    /// <summary>
    /// The draw's current version, stored first if it changed; kept a few seconds like the campaign on its landing
    /// page, so a rush on the rules link re-reads neither the campaign nor the document.
    /// </summary>
    private static Task<CampaignRulesVersion?> CurrentAsync(
        string slug,
        LeadsDbContext db,
        RulesPublisher publisher,
        IMemoryCache cache,
        CancellationToken ct) =>
        cache.GetOrCreateAsync("rules-current:" + slug, async entry =>
        {
            entry.AbsoluteExpirationRelativeToNow = TimeSpan.FromSeconds(5);
            var campaign = await db.Set<Campaign>().AsNoTracking().Include(c => c.Prizes)
                .SingleOrDefaultAsync(c => c.Slug == slug && c.Type == CampaignTypes.LuckyDraw, ct);
            return campaign is null ? null : await publisher.CurrentAsync(campaign, ct);
        });

    private static async Task<Results<Ok<RulesAnswer>, ProblemHttpResult>> ApiAsync(
        string slug,
        int? version,
        LeadsDbContext db,
        RulesPublisher publisher,
        IMemoryCache cache,
        CancellationToken ct) =>
        await FindAsync(slug, version, db, publisher, cache, ct) is { } found
            ? TypedResults.Ok(new RulesAnswer(found.Version.Version, found.Version.Sha256, found.Version.CreatedAt, RulesDocument.Parse(found.Version.Content)!,
                found.Version.Content, found.All))
            : DrawRulesProblems.RulesNotFound.ToResult();

    private static async Task<IResult> PageAsync(
        string slug,
        int? version,
        LeadsDbContext db,
        RulesPublisher publisher,
        IMemoryCache cache,
        CancellationToken ct)
    {
        if (await FindAsync(slug, version, db, publisher, cache, ct) is not { } found)
            return PageResult.Problem(404, "没有找到活动规则", "这个活动没有公布抽奖规则，或规则版本不存在。");
        return PageResult.Render<RulesPage>(RulesView.From(slug, found.Version, found.All));
    }
}

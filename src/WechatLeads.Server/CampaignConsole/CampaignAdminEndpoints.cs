using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using WechatLeads.Server.Audit;
using WechatLeads.Server.Campaigns;
using WechatLeads.Server.Data;
using WechatLeads.Server.Participation;
using WechatLeads.Server.Platform.Web;
using WechatLeads.Server.Privacy;

namespace WechatLeads.Server.CampaignConsole;

/// <summary>
/// Campaigns for marketing ops: create from the same definition as <c>config/campaigns/*.json</c>, list,
/// and move through draft → active ⇄ paused → ended. A status change reaches every instance within the
/// catalog's cache lifetime (seconds); ended is final.
/// </summary>
internal static class CampaignAdminEndpoints
{
    public const int MaxCodesPerRequest = 100_000;

    public sealed record CampaignSummary(
        string Slug,
        string Type,
        string Title,
        string Status,
        DateTime StartsAt,
        DateTime EndsAt,
        string PolicyVersion,
        long Leads);

    public sealed record StatusChange(string? Status);

    private static readonly Dictionary<string, string[]> AllowedMoves = new()
    {
        [CampaignStatus.Draft] = [CampaignStatus.Active, CampaignStatus.Ended],
        [CampaignStatus.Active] = [CampaignStatus.Paused, CampaignStatus.Ended],
        [CampaignStatus.Paused] = [CampaignStatus.Active, CampaignStatus.Ended],
        [CampaignStatus.Ended] = [],
    };

    public static RouteGroupBuilder MapCampaignAdmin(this RouteGroupBuilder admin)
    {
        admin.MapGet("/campaigns", ListAsync).WithName("ListCampaigns").WithSummary("Every campaign with its status and lead count.");
        admin.MapPost("/campaigns", CreateAsync).WithName("CreateCampaign")
            .WithSummary("Creates a campaign (as draft unless a status is given) from a definition: type, dates, channels, privacy version, purposes, " +
                "retention, coupon pool or prize table.");
        admin.MapPost("/campaigns/{slug}/status", ChangeStatusAsync).WithName("ChangeCampaignStatus")
            .WithSummary("Activate, pause, resume or end a campaign. Ended is final.");
        return admin;
    }

    private static async Task<List<CampaignSummary>> ListAsync(LeadsDbContext db, CancellationToken ct) =>
        await db.Set<Campaign>().AsNoTracking().OrderByDescending(c => c.StartsAt)
            .Select(c => new CampaignSummary(c.Slug, c.Type, c.Title, c.Status, c.StartsAt, c.EndsAt, c.PolicyVersion,
                db.Set<Leads.Lead>().LongCount(l => l.CampaignId == c.Id)))
            .ToListAsync(ct);

    private static async Task<Results<Created<CampaignSummary>, ValidationProblem, ProblemHttpResult>> CreateAsync(
        CampaignDefinition definition, LeadsDbContext db, CampaignFactory factory, AuditLog audit,
        Microsoft.Extensions.Options.IOptionsMonitor<DrawRules.RulesOptions> rules, HttpContext http, CancellationToken ct)
    {
        var problems = CampaignFactory.Validate(definition).ToList();
        var codes = (definition.Coupon?.Generate?.Count ?? 0) + (definition.Coupon?.Codes?.Count ?? 0) + (definition.Draw?.Prizes.Sum(p => p.Coupon?.Count ?? 0)
            ?? 0);
        if (codes > MaxCodesPerRequest) problems.Add(Ui.T("at most {0} coupon codes per campaign request.", MaxCodesPerRequest));
        if (!await db.Set<PrivacyPolicy>().AnyAsync(p => p.Version == definition.PolicyVersion, ct))
            problems.Add(Ui.T("privacy policy version '{0}' is not published (config/privacy/).", definition.PolicyVersion));
        if (problems.Count > 0) return ApiProblem.Validation("campaign", problems);
        if (definition is { Type: CampaignTypes.LuckyDraw, Status: CampaignStatus.Active or CampaignStatus.Paused, Draw: { } draw }
            && DrawRules.RulesDocument.PublishProblems(draw.Prizes.Select(p => (p.Name, p.Value)), definition.Organiser ?? rules.CurrentValue.Organiser)
                .ToList() is { Count: > 0 } unpublishable)
            return DrawRules.RulesLock.NotPublishable(unpublishable);
        if (await db.Set<Campaign>().AnyAsync(c => c.Slug == definition.Slug, ct))
            return CampaignProblems.SlugTaken.ToResult();

        var campaign = await factory.CreateAsync(definition, ct);
        await audit.AppendAsync(http, new AuditRecord(AuditActions.CampaignCreated, $"campaign:{campaign.Slug}"), ct);
        return TypedResults.Created($"/admin/api/campaigns/{campaign.Slug}/analytics",
            new CampaignSummary(campaign.Slug, campaign.Type, campaign.Title, campaign.Status, campaign.StartsAt, campaign.EndsAt, campaign.PolicyVersion, 0));
    }

    private static async Task<Results<NoContent, ProblemHttpResult>> ChangeStatusAsync(
        string slug, StatusChange body, LeadsDbContext db, CampaignCatalog catalog, DrawRules.RulesPublisher rules, IssueReadiness readiness,
        AuditLog audit, HttpContext http, CancellationToken ct)
    {
        var current = await db.Set<Campaign>().Where(c => c.Slug == slug).Select(c => c.Status).SingleOrDefaultAsync(ct);
        if (current is null) return CampaignProblems.NotFound.ToResult();
        if (body.Status is not { } next || !AllowedMoves.ContainsKey(next))
            return CampaignProblems.UnknownStatus.ToResult();
        if (next == current) return TypedResults.NoContent();
        if (!AllowedMoves[current].Contains(next))
            return CampaignProblems.StatusTransition(current, next).ToResult();
        if (next == CampaignStatus.Active)
        {
            var campaign = await db.Set<Campaign>().AsNoTracking().Include(c => c.Prizes).SingleAsync(c => c.Slug == slug, ct);
            // Announcing a draw: its rules must be complete and lawful first (values shown, top prize within the limit, an organiser).
            if (campaign.Type == CampaignTypes.LuckyDraw && rules.Document(campaign).PublishProblems().ToList() is { Count: > 0 } unpublishable)
                return DrawRules.RulesLock.NotPublishable(unpublishable);
            // Going live with nothing to give would only tell people 已领完.
            if (await readiness.ProblemsAsync(campaign, ct) is { Count: > 0 } missing)
                return CampaignProblems.NotIssuable(missing).ToResult();
        }
        // Conditional on the status we checked, so two staff changing it at once can't skip a rule.
        var changed = await db.Set<Campaign>().Where(c => c.Slug == slug && c.Status == current)
            .ExecuteUpdateAsync(s => s.SetProperty(c => c.Status, next), ct);
        if (changed == 0) return CampaignProblems.StatusChangedMeanwhile.ToResult();
        catalog.Invalidate(slug);
        await audit.AppendAsync(http, new AuditRecord(AuditActions.CampaignStatus, $"campaign:{slug} {current} -> {next}"), ct);
        return TypedResults.NoContent();
    }
}

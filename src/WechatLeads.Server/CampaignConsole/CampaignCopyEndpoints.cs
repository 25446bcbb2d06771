using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using WechatLeads.Server.Audit;
using WechatLeads.Server.Campaigns;
using WechatLeads.Server.Data;
using WechatLeads.Server.Platform.Web;

namespace WechatLeads.Server.CampaignConsole;

/// <summary>
/// 复制活动: a new draft with everything an operator set on the original — texts, dates, channels, notice, purposes,
/// sources, retention, limits, coupon terms, prizes and their odds — but none of what happened: no leads, no codes
/// (codes are unique; the copy's pools start empty and must be filled before it can start), full stock again.
/// </summary>
internal static class CampaignCopyEndpoints
{
    public sealed record CopyRequest(string? Slug, string? Title);

    public static RouteGroupBuilder MapCampaignCopy(this RouteGroupBuilder admin)
    {
        admin.MapPost("/campaigns/{slug}/copy", CopyAsync).WithName("CopyCampaign")
            .WithSummary("Creates a draft copy of a campaign under a new slug: settings and prizes, no leads, empty code pools.")
            .ProducesProblem(400).ProducesProblem(404).ProducesProblem(409);
        return admin;
    }

    private static async Task<Results<Created<CampaignAdminEndpoints.CampaignSummary>, ValidationProblem, ProblemHttpResult>> CopyAsync(
        string slug, CopyRequest body, LeadsDbContext db, CampaignFactory factory, AuditLog audit, HttpContext http, CancellationToken ct)
    {
        var source = await db.Set<Campaign>().AsNoTracking().Include(c => c.Prizes).SingleOrDefaultAsync(c => c.Slug == slug, ct);
        if (source is null) return CampaignProblems.NotFound.ToResult();
        var definition = DefinitionOf(source, body.Slug?.Trim() ?? "", string.IsNullOrWhiteSpace(body.Title) ? source.Title + "（副本）" : body.Title.Trim());
        // Checked as if each prize's pool already held its stock: the empty pools are filled before the copy can start.
        var asIfStocked = definition.Draw is not { } draw ? definition : definition with
        {
            Draw = draw with { Prizes = [.. draw.Prizes.Select(p => p.Coupon is null ? p : p with { Coupon = new CodeSource { Count = p.Inventory } })] },
        };
        var problems = CampaignFactory.Validate(asIfStocked).ToList();
        if (problems.Count > 0) return ApiProblem.Validation("campaign", problems);
        if (await db.Set<Campaign>().AnyAsync(c => c.Slug == definition.Slug, ct)) return CampaignProblems.SlugTaken.ToResult();

        var copy = await factory.CreateAsync(definition, ct);
        await audit.AppendAsync(http, new AuditRecord(AuditActions.CampaignCreated, $"campaign:{copy.Slug} (copy of {source.Slug})"), ct);
        return TypedResults.Created($"/admin/campaigns/{copy.Slug}/manage", new CampaignAdminEndpoints.CampaignSummary(
            copy.Slug, copy.Type, copy.Title, copy.Status, copy.StartsAt, copy.EndsAt, copy.PolicyVersion, 0));
    }

    /// <summary>The definition the original would be made from, as a draft, with empty code pools.</summary>
    internal static CampaignDefinition DefinitionOf(Campaign c, string slug, string title) => new()
    {
        Slug = slug,
        Type = c.Type,
        Title = title,
        Description = c.Description,
        StartsAt = c.StartsAt,
        EndsAt = c.EndsAt,
        Status = CampaignStatus.Draft,
        Channels = [.. Campaign.SplitList(c.Channels)],
        PolicyVersion = c.PolicyVersion,
        Purposes = [.. Campaign.SplitList(c.Purposes)],
        RetentionDays = c.RetentionDays,
        Sources = c.Sources.Length == 0 ? null : [.. Campaign.SplitList(c.Sources)],
        PhoneNumberDailyBudget = c.PhoneNumberDailyBudget,
        Organiser = c.Organiser,
        Share = c.Share(),
        Coupon = c.Type != CampaignTypes.Coupon ? null : new CouponDefinition
        {
            ValidDays = c.CouponValidDays,
            ValidFrom = c.CouponValidFrom,
            ValidUntil = c.CouponValidUntil,
            Stores = [.. Campaign.SplitList(c.CouponStores)],
            RedeemHours = c.CouponRedeemHours,
            Generate = new CodeSource { Count = 0 },
        },
        Draw = c.Type != CampaignTypes.LuckyDraw ? null : new DrawDefinition
        {
            NoWinWeight = c.NoWinWeight,
            PerDay = c.DrawsPerDay,
            Total = c.DrawsTotal,
            Limits = c.Limits(),
            Prizes = [.. c.Prizes.OrderBy(p => p.Position).Select(p => new PrizeDefinition
            {
                Name = p.Name,
                Weight = p.Weight,
                Inventory = p.Inventory,
                Kind = p.Kind,
                Coupon = p.Kind == PrizeKinds.Coupon ? new CodeSource { Count = 0 } : null,
                ValidDays = p.ValidDays,
                ValidFrom = p.ValidFrom,
                ValidUntil = p.ValidUntil,
                Stores = [.. Campaign.SplitList(p.Stores)],
                RedeemHours = p.RedeemHours,
                ClaimDays = p.ClaimDays,
                Value = p.ValueYuan,
                Pace = p.Pace(),
            })],
        },
    };
}

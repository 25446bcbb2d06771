using System.Text.Json;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using WechatLeads.Server.Audit;
using WechatLeads.Server.Campaigns;
using WechatLeads.Server.Coupons;
using WechatLeads.Server.Data;
using WechatLeads.Server.Participation;
using WechatLeads.Server.Platform.Web;
using WechatLeads.Server.Privacy;
using WechatLeads.Server.Stores;

namespace WechatLeads.Server.CampaignConsole;

/// <summary>
/// Editing a campaign after it was created: its texts, dates, channels, notice version, purposes, retention
/// and draw rules, and its prize table. Type and slug never change (printed QR codes carry the slug). An
/// ended campaign is kept as it ran. Inventory moves by a conditional update, so an edit racing a rush of
/// draws can neither resurrect a prize that was handed out nor push the count below zero.
/// </summary>
internal static class CampaignEditEndpoints
{
    public sealed record CampaignEdit(
        string? Title, string? Description, DateTime? StartsAt, DateTime? EndsAt, List<string>? Channels, string? PolicyVersion,
        List<string>? Purposes, int? RetentionDays, int? CouponValidDays, int? NoWinWeight, int? DrawsPerDay, int? DrawsTotal,
        List<string>? Sources = null, List<string>? CouponStores = null, string? CouponRedeemHours = null, ShareDefinition? Share = null)
    {
        /// <summary>
        /// Billable WeChat phone-number verifications per China day: a whole number, or null for no limit; absent keeps it.
        /// A property, not a constructor parameter: an absent JsonElement has no value OpenAPI could print as a default.
        /// </summary>
        public JsonElement PhoneNumberDailyBudget { get; init; }

        /// <summary>Coupon campaigns: a fixed validity instead of couponValidDays; null clears it, absent keeps it.</summary>
        public JsonElement CouponValidFrom { get; init; }
        public JsonElement CouponValidUntil { get; init; }

        public bool TouchesCoupon => CouponValidDays is not null || CouponStores is not null || CouponRedeemHours is not null
            || CouponValidFrom.ValueKind != JsonValueKind.Undefined || CouponValidUntil.ValueKind != JsonValueKind.Undefined;
    }

    public static RouteGroupBuilder MapCampaignEditing(this RouteGroupBuilder admin)
    {
        admin.MapGet("/campaigns/{slug}", GetAsync).WithName("GetCampaignSettings")
            .WithSummary("A campaign's settings, prize table and how many coupon codes are left in each pool.");
        admin.MapPatch("/campaigns/{slug}", EditAsync).WithName("EditCampaign")
            .WithSummary("Changes the given fields (texts, dates, channels, privacy version, purposes, retention, draw rules). Ended campaigns can't change.");
        admin.MapGet("/campaigns/{slug}/definition", DefinitionAsync).WithName("ExportCampaignDefinition")
            .WithSummary("The campaign as a definition (the shape of config/campaigns/*.json and POST /campaigns), without its codes.");
        return admin.MapPrizeEditing();
    }

    private static async Task<Results<Ok<CampaignDetails>, ProblemHttpResult>> GetAsync(string slug, LeadsDbContext db, CancellationToken ct) =>
        await DetailsAsync(db, slug, ct) is { } details ? TypedResults.Ok(details) : CampaignProblems.NotFound.ToResult();

    private static async Task<Results<Ok<CampaignDetails>, ValidationProblem, ProblemHttpResult>> EditAsync(
        string slug, CampaignEdit edit, LeadsDbContext db, CampaignCatalog catalog, Participation.PhoneVerificationModes phoneModes, AuditLog audit,
        HttpContext http, CancellationToken ct)
    {
        var campaign = await db.Set<Campaign>().Include(c => c.Prizes).SingleOrDefaultAsync(c => c.Slug == slug, ct);
        if (campaign is null) return CampaignProblems.NotFound.ToResult();
        if (campaign.Status == CampaignStatus.Ended) return CampaignProblems.Ended.ToResult();

        var (budget, budgetProblem) = ReadBudget(edit.PhoneNumberDailyBudget, campaign.PhoneNumberDailyBudget);
        var (validFrom, fromProblem) = CouponSettings.ReadTime(edit.CouponValidFrom, campaign.CouponValidFrom, "couponValidFrom");
        var (validUntil, untilProblem) = CouponSettings.ReadTime(edit.CouponValidUntil, campaign.CouponValidUntil, "couponValidUntil");
        var merged = Merge(campaign, edit, validFrom, validUntil) with { PhoneNumberDailyBudget = budget };
        if (DrawRules.RulesLock.Applies(campaign) && ChangesRules(campaign, merged) is { } rule) return DrawRules.RulesLock.Refused(rule);
        var problems = CampaignFactory.Validate(merged).ToList();
        problems.AddRange(new[] { budgetProblem, fromProblem, untilProblem }.OfType<string>());
        if (edit.PolicyVersion is { } version && !await db.Set<PrivacyPolicy>().AnyAsync(p => p.Version == version, ct))
            problems.Add(Ui.T("privacy policy version '{0}' is not published.", version));
        if (edit.CouponValidDays is < 1 or > 3650) problems.Add(Ui.T("couponValidDays must be 1-3650."));
        if (campaign.Type != CampaignTypes.Coupon && edit.TouchesCoupon)
            problems.Add(Ui.T("coupon settings belong to coupon campaigns; a lucky draw sets them per prize."));
        if (problems.Count > 0) return ApiProblem.Validation("campaign", problems);
        if (edit.CouponStores is not null
            && merged.Coupon?.Stores is { } stores
            && await StoreAdminEndpoints.UnknownAsync(db, stores, ct) is { Count: > 0 } unknown)
            return StoreAdminEndpoints.UnknownStores(unknown);

        campaign.Title = merged.Title;
        campaign.Description = merged.Description;
        campaign.StartsAt = DateTime.SpecifyKind(merged.StartsAt, DateTimeKind.Utc);
        campaign.EndsAt = DateTime.SpecifyKind(merged.EndsAt, DateTimeKind.Utc);
        campaign.Channels = string.Join(',', merged.Channels);
        campaign.PolicyVersion = merged.PolicyVersion;
        campaign.Purposes = string.Join(',', merged.Purposes);
        campaign.RetentionDays = merged.RetentionDays;
        campaign.Sources = Attribution.Join(merged.Sources);
        if (merged.Coupon is { } coupon && campaign.Type == CampaignTypes.Coupon)
        {
            // Applies to coupons issued from now on: each coupon keeps the terms it was issued with.
            campaign.CouponValidDays = coupon.ValidDays;
            (campaign.CouponValidFrom, campaign.CouponValidUntil) = (coupon.ValidFrom, coupon.ValidUntil);
            campaign.CouponStores = CouponSettings.Join(coupon.Stores ?? []);
            campaign.CouponRedeemHours = coupon.RedeemHours ?? "";
        }
        campaign.PhoneNumberDailyBudget = merged.PhoneNumberDailyBudget;
        if (edit.Share is { } share) campaign.SetShare(share); // replaces the card as a whole; {} clears it
        if (merged.Draw is { } draw) (campaign.NoWinWeight, campaign.DrawsPerDay, campaign.DrawsTotal) = (draw.NoWinWeight, draw.PerDay, draw.Total);
        // Only changed columns are written: a status change by someone else at the same moment survives.
        await db.SaveChangesAsync(ct);
        // A shorter retention applies to leads already held; a longer one does not: they were told the shorter.
        var days = merged.RetentionDays;
        await db.Set<Leads.Lead>().Where(l => l.CampaignId == campaign.Id && l.ExpiresAt > l.CreatedAt.AddDays(days))
            .ExecuteUpdateAsync(s => s.SetProperty(l => l.ExpiresAt, l => l.CreatedAt.AddDays(days)), ct);
        catalog.Invalidate(slug);
        phoneModes.Forget(campaign.Id); // a raised budget reopens WeChat verification today, a lowered one may close it
        await audit.AppendAsync(http, new AuditRecord(AuditActions.CampaignEdited, $"campaign:{slug}"), ct);
        return TypedResults.Ok((await DetailsAsync(db, slug, ct))!);
    }

    /// <summary>What of an announced draw's rules the edit would change (dates, draw limits, 谢谢参与 weight); null when nothing.</summary>
    private static string? ChangesRules(Campaign c, CampaignDefinition merged) =>
        merged.StartsAt != c.StartsAt || merged.EndsAt != c.EndsAt ? "活动时间已公布"
        : merged.Draw is { } d && (d.NoWinWeight != c.NoWinWeight || d.PerDay != c.DrawsPerDay || d.Total != c.DrawsTotal) ? "抽奖次数和中奖概率已公布"
        : null;

    public static async Task<CampaignDetails?> DetailsAsync(LeadsDbContext db, string slug, CancellationToken ct)
    {
        var c = await db.Set<Campaign>().AsNoTracking().Include(x => x.Prizes).SingleOrDefaultAsync(x => x.Slug == slug, ct);
        if (c is null) return null;
        var poolIds = c.Prizes.Select(p => p.CouponPoolId).Append(c.CouponPoolId).OfType<long>().ToList();
        var pools = await db.Set<CouponCode>().AsNoTracking().Where(x => poolIds.Contains(x.PoolId))
            .GroupBy(x => x.PoolId).Select(g => new { g.Key, Total = g.Count(), Free = g.Count(x => x.ParticipationId == null) })
            .ToDictionaryAsync(x => x.Key, x => new PoolView(x.Total, x.Free), ct);
        PoolView? Pool(long? id) => id is { } key ? pools.GetValueOrDefault(key, new PoolView(0, 0)) : null;
        return new CampaignDetails(c.Slug, c.Type, c.Title, c.Description, c.Status, c.StartsAt, c.EndsAt, Split(c.Channels), c.PolicyVersion,
            Split(c.Purposes), c.RetentionDays, c.CouponValidDays, Pool(c.CouponPoolId), c.NoWinWeight, c.DrawsPerDay, c.DrawsTotal,
            [.. c.Prizes.OrderBy(p => p.Position).Select(p => PrizeView.Of(p, Pool(p.CouponPoolId)))],
            c.KnownSources(), c.PhoneNumberDailyBudget, c.CouponValidFrom, c.CouponValidUntil, Campaign.SplitList(c.CouponStores), c.CouponRedeemHours,
            c.Share());
    }

    /// <summary>
    /// The budget is the one field where null means something (no limit): absent keeps it, <c>null</c> lifts
    /// it, a whole number sets it. Hence a JsonElement, which tells absent (Undefined) from null.
    /// </summary>
    private static (int? Budget, string? Problem) ReadBudget(JsonElement value, int? current) => value.ValueKind switch
    {
        JsonValueKind.Undefined => (current, null),
        JsonValueKind.Null => (null, null),
        JsonValueKind.Number when value.TryGetInt32(out var n) => (n, null),
        _ => (current, Ui.T("phoneNumberDailyBudget must be a whole number or null (no limit).")),
    };

    /// <summary>The campaign as it would be after the edit, in the shape the create rules check.</summary>
    private static CampaignDefinition Merge(Campaign c, CampaignEdit e, DateTime? validFrom, DateTime? validUntil) => new()
    {
        Slug = c.Slug,
        Type = c.Type,
        Status = c.Status,
        Title = e.Title?.Trim() ?? c.Title,
        Description = e.Description ?? c.Description,
        StartsAt = e.StartsAt is { } starts ? Platform.UtcTime.From(starts) : c.StartsAt,
        EndsAt = e.EndsAt is { } ends ? Platform.UtcTime.From(ends) : c.EndsAt,
        Channels = e.Channels ?? [.. Split(c.Channels)],
        PolicyVersion = e.PolicyVersion ?? c.PolicyVersion,
        Purposes = e.Purposes ?? [.. Split(c.Purposes)],
        RetentionDays = e.RetentionDays ?? c.RetentionDays,
        Sources = e.Sources ?? (c.Sources.Length == 0 ? null : [.. c.KnownSources()]),
        Share = e.Share ?? c.Share(),
        Coupon = c.Type == CampaignTypes.Coupon
            ? new CouponDefinition
            {
                Codes = [], // its pool exists already
                ValidDays = e.CouponValidDays ?? c.CouponValidDays,
                ValidFrom = validFrom,
                ValidUntil = validUntil,
                Stores = CouponSettings.Normalize(e.CouponStores) ?? [.. Campaign.SplitList(c.CouponStores)],
                RedeemHours = e.CouponRedeemHours?.Trim() ?? c.CouponRedeemHours,
            }
            : null,
        Draw = c.Type == CampaignTypes.LuckyDraw
            ? new DrawDefinition
            {
                NoWinWeight = e.NoWinWeight ?? c.NoWinWeight,
                PerDay = e.DrawsPerDay ?? c.DrawsPerDay,
                Total = e.DrawsTotal ?? c.DrawsTotal,
                Prizes = [.. c.Prizes.Select(p => new PrizeDefinition { Name = p.Name, Weight = p.Weight, Inventory = p.Inventory })],
            }
            : null,
    };

    private static async Task<Results<Ok<CampaignDefinition>, ProblemHttpResult>> DefinitionAsync(string slug, LeadsDbContext db, CancellationToken ct) =>
        await db.Set<Campaign>().AsNoTracking().Include(c => c.Prizes).SingleOrDefaultAsync(c => c.Slug == slug, ct) is { } campaign
            ? TypedResults.Ok(ToDefinition(campaign))
            : CampaignProblems.NotFound.ToResult();

    /// <summary>
    /// The campaign as a definition that <see cref="CampaignFactory.Validate"/> accepts and creates again with the
    /// same settings (coupon terms included). Codes are not exported — they are someone's coupons: the campaign's
    /// pool comes back empty (import codes after), a coupon prize's asks for as many generated codes as its inventory.
    /// </summary>
    public static CampaignDefinition ToDefinition(Campaign c) => new()
    {
        Slug = c.Slug,
        Type = c.Type,
        Title = c.Title,
        Description = c.Description,
        StartsAt = c.StartsAt,
        EndsAt = c.EndsAt,
        Status = c.Status,
        Channels = [.. Split(c.Channels)],
        PolicyVersion = c.PolicyVersion,
        Purposes = [.. Split(c.Purposes)],
        RetentionDays = c.RetentionDays,
        Sources = c.Sources.Length == 0 ? null : [.. c.KnownSources()],
        PhoneNumberDailyBudget = c.PhoneNumberDailyBudget,
        Organiser = c.Organiser,
        Share = c.Share(),
        Coupon = c.Type == CampaignTypes.Coupon
            ? new CouponDefinition
            {
                ValidDays = c.CouponValidDays,
                ValidFrom = c.CouponValidFrom,
                ValidUntil = c.CouponValidUntil,
                Stores = [.. Campaign.SplitList(c.CouponStores)],
                RedeemHours = c.CouponRedeemHours,
                Codes = [],
            }
            : null,
        Draw = c.Type == CampaignTypes.LuckyDraw
            ? new DrawDefinition
            {
                NoWinWeight = c.NoWinWeight,
                PerDay = c.DrawsPerDay,
                Total = c.DrawsTotal,
                Limits = c.Limits().Any ? c.Limits() : null,
                Prizes = [.. c.Prizes.OrderBy(p => p.Position).Select(p => new PrizeDefinition
                {
                    Name = p.Name, Weight = p.Weight, Inventory = p.Inventory, Kind = p.Kind,
                    Coupon = p.Kind == PrizeKinds.Coupon ? new CodeSource { Count = p.Inventory } : null,
                    ValidDays = p.ValidDays, ValidFrom = p.ValidFrom, ValidUntil = p.ValidUntil, Stores = [.. Campaign.SplitList(p.Stores)],
                    RedeemHours = p.RedeemHours, ClaimDays = p.ClaimDays, Pace = p.Pace(), Value = p.ValueYuan,
                })],
            }
            : null,
    };

    private static string[] Split(string csv) => csv.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);


}

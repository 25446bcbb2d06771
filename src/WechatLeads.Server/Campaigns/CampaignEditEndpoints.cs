using System.Text.Json;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using WechatLeads.Server.Audit;
using WechatLeads.Server.Data;
using WechatLeads.Server.Privacy;

namespace WechatLeads.Server.Campaigns;

/// <summary>
/// Editing a campaign after it was created: its texts, dates, channels, notice version, purposes, retention
/// and draw rules, and its prize table. Type and slug never change (printed QR codes carry the slug). An
/// ended campaign is kept as it ran. Inventory moves by a conditional update, so an edit racing a rush of
/// draws can neither resurrect a prize that was handed out nor push the count below zero.
/// </summary>
internal static class CampaignEditEndpoints
{
    public sealed record PoolView(int Total, int Free);

    public sealed record PrizeView(long Id, string Name, int Weight, int Inventory, int Remaining, PoolView? Codes);

    public sealed record CampaignDetails(
        string Slug, string Type, string Title, string Description, string Status, DateTime StartsAt, DateTime EndsAt,
        IReadOnlyList<string> Channels, string PolicyVersion, IReadOnlyList<string> Purposes, int RetentionDays,
        int CouponValidDays, PoolView? Codes, int NoWinWeight, int DrawsPerDay, int DrawsTotal, IReadOnlyList<PrizeView> Prizes,
        IReadOnlyList<string> Sources, int? PhoneNumberDailyBudget);

    public sealed record CampaignEdit(
        string? Title, string? Description, DateTime? StartsAt, DateTime? EndsAt, List<string>? Channels, string? PolicyVersion,
        List<string>? Purposes, int? RetentionDays, int? CouponValidDays, int? NoWinWeight, int? DrawsPerDay, int? DrawsTotal,
        List<string>? Sources = null)
    {
        /// <summary>
        /// Billable WeChat phone-number verifications per China day: a whole number, or null for no limit; absent keeps it.
        /// A property, not a constructor parameter: an absent JsonElement has no value OpenAPI could print as a default.
        /// </summary>
        public JsonElement PhoneNumberDailyBudget { get; init; }
    }

    public sealed record PrizeEdit(string? Name, int? Weight, int? Inventory);

    public static RouteGroupBuilder MapCampaignEditing(this RouteGroupBuilder admin)
    {
        admin.MapGet("/campaigns/{slug}", GetAsync).WithName("GetCampaignSettings")
            .WithSummary("A campaign's settings, prize table and how many coupon codes are left in each pool.");
        admin.MapPatch("/campaigns/{slug}", EditAsync).WithName("EditCampaign")
            .WithSummary("Changes the given fields (texts, dates, channels, privacy version, purposes, retention, draw rules). Ended campaigns can't change.");
        admin.MapPost("/campaigns/{slug}/prizes", AddPrizeAsync).WithName("AddPrize").WithSummary("Adds a prize to a lucky draw.");
        admin.MapPatch("/campaigns/{slug}/prizes/{id}", EditPrizeAsync).WithName("EditPrize")
            .WithSummary("Renames a prize, changes its weight, or its inventory (never below what was already won).");
        return admin;
    }

    private static async Task<Results<Ok<CampaignDetails>, ProblemHttpResult>> GetAsync(string slug, LeadsDbContext db, CancellationToken ct) =>
        await DetailsAsync(db, slug, ct) is { } details ? TypedResults.Ok(details) : NotFound();

    private static async Task<Results<Ok<CampaignDetails>, ValidationProblem, ProblemHttpResult>> EditAsync(
        string slug, CampaignEdit edit, LeadsDbContext db, CampaignCatalog catalog, Participation.PhoneVerificationModes phoneModes, AuditLog audit,
        HttpContext http, CancellationToken ct)
    {
        var campaign = await db.Set<Campaign>().Include(c => c.Prizes).SingleOrDefaultAsync(c => c.Slug == slug, ct);
        if (campaign is null) return NotFound();
        if (campaign.Status == CampaignStatus.Ended) return EndedIsFinal();

        var (budget, budgetProblem) = ReadBudget(edit.PhoneNumberDailyBudget, campaign.PhoneNumberDailyBudget);
        var merged = Merge(campaign, edit) with { PhoneNumberDailyBudget = budget };
        var problems = CampaignFactory.Validate(merged).ToList();
        if (budgetProblem is not null) problems.Add(budgetProblem);
        if (edit.PolicyVersion is { } version && !await db.Set<PrivacyPolicy>().AnyAsync(p => p.Version == version, ct))
            problems.Add($"privacy policy version '{version}' is not published.");
        if (edit.CouponValidDays is < 1 or > 3650) problems.Add("couponValidDays must be 1-3650.");
        if (problems.Count > 0) return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["campaign"] = [.. problems] });

        campaign.Title = merged.Title;
        campaign.Description = merged.Description;
        campaign.StartsAt = DateTime.SpecifyKind(merged.StartsAt, DateTimeKind.Utc);
        campaign.EndsAt = DateTime.SpecifyKind(merged.EndsAt, DateTimeKind.Utc);
        campaign.Channels = string.Join(',', merged.Channels);
        campaign.PolicyVersion = merged.PolicyVersion;
        campaign.Purposes = string.Join(',', merged.Purposes);
        campaign.RetentionDays = merged.RetentionDays;
        campaign.Sources = Attribution.Join(merged.Sources);
        campaign.CouponValidDays = edit.CouponValidDays ?? campaign.CouponValidDays;
        campaign.PhoneNumberDailyBudget = merged.PhoneNumberDailyBudget;
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

    private static async Task<Results<Created<PrizeView>, ValidationProblem, ProblemHttpResult>> AddPrizeAsync(
        string slug, PrizeEdit body, LeadsDbContext db, CampaignCatalog catalog, AuditLog audit, HttpContext http, CancellationToken ct)
    {
        var campaign = await db.Set<Campaign>().Include(c => c.Prizes).SingleOrDefaultAsync(c => c.Slug == slug, ct);
        if (campaign is null) return NotFound();
        if (campaign.Status == CampaignStatus.Ended) return EndedIsFinal();
        if (campaign.Type != CampaignTypes.LuckyDraw) return TypedResults.Problem(statusCode: 409, title: "Only a lucky draw has prizes.");
        var problems = PrizeProblems(body.Name, body.Weight ?? 0, body.Inventory ?? 0).ToList();
        if (string.IsNullOrWhiteSpace(body.Name)) problems.Add("name is required.");
        if (campaign.Prizes.Count >= 20) problems.Add("a draw has at most 20 prizes.");
        if (problems.Count > 0) return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["prize"] = [.. problems] });

        var prize = new Prize
        {
            CampaignId = campaign.Id, Name = body.Name!.Trim(), Weight = body.Weight ?? 0, Inventory = body.Inventory ?? 0,
            Remaining = body.Inventory ?? 0, Position = campaign.Prizes.Select(p => p.Position).DefaultIfEmpty(-1).Max() + 1,
        };
        db.Add(prize);
        await db.SaveChangesAsync(ct);
        catalog.Invalidate(slug);
        await audit.AppendAsync(http, new AuditRecord(AuditActions.PrizeChanged, $"campaign:{slug} prize:{prize.Id} added"), ct);
        return TypedResults.Created($"/admin/api/campaigns/{slug}", new PrizeView(prize.Id, prize.Name, prize.Weight, prize.Inventory, prize.Remaining, null));
    }

    private static async Task<Results<Ok<PrizeView>, ValidationProblem, ProblemHttpResult>> EditPrizeAsync(
        string slug, long id, PrizeEdit body, LeadsDbContext db, CampaignCatalog catalog, AuditLog audit, HttpContext http, CancellationToken ct)
    {
        var campaign = await db.Set<Campaign>().AsNoTracking().Include(c => c.Prizes).SingleOrDefaultAsync(c => c.Slug == slug, ct);
        var prize = campaign?.Prizes.SingleOrDefault(p => p.Id == id);
        if (campaign is null || prize is null) return TypedResults.Problem(statusCode: 404, title: "No such prize in this campaign.");
        if (campaign.Status == CampaignStatus.Ended) return EndedIsFinal();
        var problems = PrizeProblems(body.Name ?? prize.Name, body.Weight ?? prize.Weight, body.Inventory ?? prize.Inventory).ToList();
        var otherWeights = campaign.Prizes.Where(p => p.Id != id).Sum(p => p.Weight) + campaign.NoWinWeight;
        if (otherWeights + (body.Weight ?? prize.Weight) <= 0) problems.Add("the weights must add up to more than zero.");
        if (problems.Count > 0) return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["prize"] = [.. problems] });

        if (body.Inventory is { } inventory && inventory != prize.Inventory)
        {
            // First, and alone: if it is refused nothing else of the edit is written. Read-free delta: draws
            // decrement Remaining concurrently, so the database evaluates the condition on the row as it is now.
            var changed = await db.Set<Prize>().Where(p => p.Id == id && p.Remaining + (inventory - p.Inventory) >= 0)
                .ExecuteUpdateAsync(s => s.SetProperty(p => p.Remaining, p => p.Remaining + (inventory - p.Inventory)).SetProperty(p => p.Inventory, inventory), ct);
            if (changed == 0)
                return TypedResults.Problem(statusCode: 409, title: "Inventory can't go below the prizes already won.",
                    detail: "Reload the campaign to see how many were won, and set at least that many.");
        }
        if (body.Name is not null || body.Weight is not null)
            await db.Set<Prize>().Where(p => p.Id == id).ExecuteUpdateAsync(s => s
                .SetProperty(p => p.Name, body.Name == null ? prize.Name : body.Name.Trim())
                .SetProperty(p => p.Weight, body.Weight ?? prize.Weight), ct);
        catalog.Invalidate(slug);
        await audit.AppendAsync(http, new AuditRecord(AuditActions.PrizeChanged, $"campaign:{slug} prize:{id}"), ct);
        var saved = (await DetailsAsync(db, slug, ct))!.Prizes.Single(p => p.Id == id);
        return TypedResults.Ok(saved);
    }

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
            [.. c.Prizes.OrderBy(p => p.Position).Select(p => new PrizeView(p.Id, p.Name, p.Weight, p.Inventory, p.Remaining, Pool(p.CouponPoolId)))],
            c.KnownSources(), c.PhoneNumberDailyBudget);
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
        _ => (current, "phoneNumberDailyBudget must be a whole number or null (no limit)."),
    };

    /// <summary>The campaign as it would be after the edit, in the shape the create rules check.</summary>
    private static CampaignDefinition Merge(Campaign c, CampaignEdit e) => new()
    {
        Slug = c.Slug, Type = c.Type, Status = c.Status,
        Title = e.Title?.Trim() ?? c.Title,
        Description = e.Description ?? c.Description,
        StartsAt = e.StartsAt is { } starts ? Platform.UtcTime.From(starts) : c.StartsAt,
        EndsAt = e.EndsAt is { } ends ? Platform.UtcTime.From(ends) : c.EndsAt,
        Channels = e.Channels ?? [.. Split(c.Channels)],
        PolicyVersion = e.PolicyVersion ?? c.PolicyVersion,
        Purposes = e.Purposes ?? [.. Split(c.Purposes)],
        RetentionDays = e.RetentionDays ?? c.RetentionDays,
        Sources = e.Sources ?? (c.Sources.Length == 0 ? null : [.. c.KnownSources()]),
        Coupon = c.Type == CampaignTypes.Coupon ? new CouponDefinition { Codes = [] } : null, // its pool exists already
        Draw = c.Type == CampaignTypes.LuckyDraw
            ? new DrawDefinition
            {
                NoWinWeight = e.NoWinWeight ?? c.NoWinWeight, PerDay = e.DrawsPerDay ?? c.DrawsPerDay, Total = e.DrawsTotal ?? c.DrawsTotal,
                Prizes = [.. c.Prizes.Select(p => new PrizeDefinition { Name = p.Name, Weight = p.Weight, Inventory = p.Inventory })],
            }
            : null,
    };

    private static IEnumerable<string> PrizeProblems(string? name, int weight, int inventory)
    {
        if (name is not null && (name.Trim().Length == 0 || name.Trim().Length > 100)) yield return "name must be 1-100 characters.";
        if (weight < 0) yield return "weight must not be negative.";
        if (inventory is < 0 or > 10_000_000) yield return "inventory must be 0-10,000,000.";
    }

    private static string[] Split(string csv) => csv.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);

    private static ProblemHttpResult NotFound() => TypedResults.Problem(statusCode: 404, title: "No such campaign.");

    private static ProblemHttpResult EndedIsFinal() =>
        TypedResults.Problem(statusCode: 409, title: "An ended campaign can't change.", detail: "It is kept as it ran; create a new campaign instead.");
}

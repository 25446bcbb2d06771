using System.Text.Json;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using WechatLeads.Server.Audit;
using WechatLeads.Server.CampaignConsole;
using WechatLeads.Server.Campaigns;
using WechatLeads.Server.Coupons;
using WechatLeads.Server.Data;
using WechatLeads.Server.Participation;
using WechatLeads.Server.Platform.Web;
using WechatLeads.Server.Stores;
using static WechatLeads.Server.CampaignConsole.CampaignEditEndpoints;

namespace WechatLeads.Server.CampaignConsole;

/// <summary>
/// A lucky draw's prize table: add a prize, or change one's name, weight, inventory, kind and coupon terms.
/// New terms apply to coupons won from then on; coupons already won keep the terms they were issued with.
/// </summary>
internal static class PrizeEditEndpoints
{
    /// <summary>Absent fields keep their value. <c>validFrom</c>/<c>validUntil</c>/<c>claimDays</c> take null to clear.</summary>
    public sealed record PrizeEdit(string? Name, int? Weight, int? Inventory, string? Kind = null, int? ValidDays = null, List<string>? Stores = null,
        string? RedeemHours = null)
    {
        public JsonElement ValidFrom { get; init; }
        public JsonElement ValidUntil { get; init; }
        /// <summary>Physical prizes: days to give an address or choose pickup; null = the configured default.</summary>
        public JsonElement ClaimDays { get; init; }
        /// <summary>What the prize is worth, in yuan (disclosed with the odds).</summary>
        public decimal? Value { get; init; }
        /// <summary>Paced release: <c>{"per": "day"|"hour", "quantity": 100 (absent: evenly), "hours": "08:00-22:00", "carryOver": true}</c>; null removes
        /// it.</summary>
        public JsonElement Pace { get; init; }
    }

    public static RouteGroupBuilder MapPrizeEditing(this RouteGroupBuilder admin)
    {
        admin.MapPost("/campaigns/{slug}/prizes", AddPrizeAsync).WithName("AddPrize").WithSummary("Adds a prize to a lucky draw.");
        admin.MapPatch("/campaigns/{slug}/prizes/{id}", EditPrizeAsync).WithName("EditPrize")
            .WithSummary("Changes a prize's name, weight, inventory (never below what was already won), kind (coupon|physical), coupon validity, stores, " +
                "hours, claim days or paced release.");
        return admin;
    }

    private static async Task<Results<Created<PrizeView>, ValidationProblem, ProblemHttpResult>> AddPrizeAsync(
        string slug, PrizeEdit body, LeadsDbContext db, CampaignCatalog catalog, AuditLog audit, HttpContext http, CancellationToken ct)
    {
        var campaign = await db.Set<Campaign>().Include(c => c.Prizes).SingleOrDefaultAsync(c => c.Slug == slug, ct);
        if (campaign is null) return CampaignProblems.NotFound.ToResult();
        if (campaign.Status == CampaignStatus.Ended) return CampaignProblems.Ended.ToResult();
        if (campaign.Type != CampaignTypes.LuckyDraw) return CampaignProblems.NotALuckyDraw.ToResult();
        if (DrawRules.RulesLock.Applies(campaign)) return DrawRules.RulesLock.Refused("不能在已公布的抽奖中新增奖品");
        // A new prize has no codes yet: a coupon prize gets its pool with its first import.
        var prize = new Prize { CampaignId = campaign.Id, Name = body.Name?.Trim() ?? "", Kind = body.Kind ?? PrizeKinds.Physical };
        var problems = Apply(prize, body).ToList();
        if (string.IsNullOrWhiteSpace(body.Name)) problems.Add(Ui.T("name is required."));
        if (campaign.Prizes.Count >= 20) problems.Add(Ui.T("a draw has at most 20 prizes."));
        if (problems.Count > 0) return ApiProblem.Validation("prize", problems);
        if (await StoreAdminEndpoints.UnknownAsync(db, Campaign.SplitList(prize.Stores), ct) is { Count: > 0 } unknown)
            return StoreAdminEndpoints.UnknownStores(unknown);

        (prize.Inventory, prize.Remaining) = (body.Inventory ?? 0, body.Inventory ?? 0);
        prize.Position = campaign.Prizes.Select(p => p.Position).DefaultIfEmpty(-1).Max() + 1;
        db.Add(prize);
        await db.SaveChangesAsync(ct);
        catalog.Invalidate(slug);
        await audit.AppendAsync(http, new AuditRecord(AuditActions.PrizeChanged, $"campaign:{slug} prize:{prize.Id} added"), ct);
        return TypedResults.Created($"/admin/api/campaigns/{slug}", PrizeView.Of(prize, null));
    }

    private static async Task<Results<Ok<PrizeView>, ValidationProblem, ProblemHttpResult>> EditPrizeAsync(
        string slug, long id, PrizeEdit body, LeadsDbContext db, CampaignCatalog catalog, AuditLog audit, HttpContext http, CancellationToken ct)
    {
        var campaign = await db.Set<Campaign>().AsNoTracking().Include(c => c.Prizes).SingleOrDefaultAsync(c => c.Slug == slug, ct);
        var prize = campaign?.Prizes.SingleOrDefault(p => p.Id == id);
        if (campaign is null || prize is null) return CampaignProblems.PrizeNotFound.ToResult();
        if (campaign.Status == CampaignStatus.Ended) return CampaignProblems.Ended.ToResult();
        var edited = Copy(prize);
        var problems = Apply(edited, body).ToList();
        if (DrawRules.RulesLock.Applies(campaign) && ChangesRules(prize, edited, body) is { } rule) return DrawRules.RulesLock.Refused(rule);
        var otherWeights = campaign.Prizes.Where(p => p.Id != id).Sum(p => p.Weight) + campaign.NoWinWeight;
        if (otherWeights + edited.Weight <= 0) problems.Add(Ui.T("the weights must add up to more than zero."));
        if (edited.Kind == PrizeKinds.Physical && prize.CouponPoolId is not null)
            problems.Add(Ui.T("this prize has coupon codes: it stays a coupon prize (add a physical prize instead)."));
        if (problems.Count > 0) return ApiProblem.Validation("prize", problems);
        if (body.Stores is not null && await StoreAdminEndpoints.UnknownAsync(db, Campaign.SplitList(edited.Stores), ct) is { Count: > 0 } unknown)
            return StoreAdminEndpoints.UnknownStores(unknown);

        if (body.Inventory is { } inventory && inventory != prize.Inventory)
        {
            // First, and alone: if it is refused nothing else of the edit is written. Read-free delta: draws
            // decrement Remaining concurrently, so the database evaluates the condition on the row as it is now.
            var changed = await db.Set<Prize>().Where(p => p.Id == id && p.Remaining + (inventory - p.Inventory) >= 0)
                .ExecuteUpdateAsync(
                    s => s.SetProperty(p => p.Remaining, p => p.Remaining + (inventory - p.Inventory)).SetProperty(p => p.Inventory, inventory),
                    ct);
            if (changed == 0)
                return CampaignProblems.InventoryBelowWon.ToResult();
        }
        // Every column but the inventory, from the values checked above; Remaining is never written here.
        await db.Set<Prize>().Where(p => p.Id == id).ExecuteUpdateAsync(s => s
            .SetProperty(p => p.Name, edited.Name).SetProperty(p => p.Weight, edited.Weight).SetProperty(p => p.Kind, edited.Kind)
            .SetProperty(p => p.ValidDays, edited.ValidDays).SetProperty(p => p.ValidFrom, edited.ValidFrom).SetProperty(p => p.ValidUntil, edited.ValidUntil)
            .SetProperty(p => p.Stores, edited.Stores).SetProperty(p => p.RedeemHours, edited.RedeemHours).SetProperty(p => p.ClaimDays, edited.ClaimDays)
            .SetProperty(p => p.PacePer, edited.PacePer).SetProperty(p => p.PaceQuantity, edited.PaceQuantity).SetProperty(p => p.PaceHours, edited.PaceHours)
            .SetProperty(p => p.PaceCarryOver, edited.PaceCarryOver).SetProperty(p => p.ValueYuan, edited.ValueYuan), ct);
        catalog.Invalidate(slug);
        await audit.AppendAsync(http, new AuditRecord(AuditActions.PrizeChanged, $"campaign:{slug} prize:{id}"), ct);
        var saved = (await DetailsAsync(db, slug, ct))!.Prizes.Single(p => p.Id == id);
        return TypedResults.Ok(saved);
    }

    /// <summary>What of an announced prize the edit would change; null when it only adds stock or changes the pacing.</summary>
    private static string? ChangesRules(Prize before, Prize after, PrizeEdit body) =>
        body.Inventory is { } inventory && inventory < before.Inventory ? "已公布的奖品数量只能增加，不能减少"
        : before.Name != after.Name || before.Weight != after.Weight || before.Kind != after.Kind || before.ValueYuan != after.ValueYuan
            ? "奖品名称、类型、价值和中奖权重已公布"
        : before.ValidDays != after.ValidDays || before.ValidFrom != after.ValidFrom || before.ValidUntil != after.ValidUntil || before.Stores != after.Stores
            || before.RedeemHours != after.RedeemHours || before.ClaimDays != after.ClaimDays ? "兑奖条件和期限已公布"
        : null;

    /// <summary>Writes the edit onto <paramref name="prize"/> (absent fields untouched) and says what is wrong with the result.</summary>
    private static IEnumerable<string> Apply(Prize prize, PrizeEdit body)
    {
        var problems = new List<string>();
        prize.Name = body.Name?.Trim() ?? prize.Name;
        prize.Weight = body.Weight ?? prize.Weight;
        prize.Kind = body.Kind ?? prize.Kind;
        prize.ValueYuan = body.Value ?? prize.ValueYuan;
        prize.ValidDays = body.ValidDays ?? prize.ValidDays;
        prize.Stores = CouponSettings.Normalize(body.Stores) is { } stores ? CouponSettings.Join(stores) : prize.Stores;
        prize.RedeemHours = body.RedeemHours?.Trim() ?? prize.RedeemHours;
        (prize.ValidFrom, var fromProblem) = CouponSettings.ReadTime(body.ValidFrom, prize.ValidFrom, "validFrom");
        (prize.ValidUntil, var untilProblem) = CouponSettings.ReadTime(body.ValidUntil, prize.ValidUntil, "validUntil");
        (prize.ClaimDays, var claimProblem) = CouponSettings.ReadInt(body.ClaimDays, prize.ClaimDays, "claimDays");
        problems.AddRange(new[] { fromProblem, untilProblem, claimProblem }.OfType<string>());
        var (pace, paceProblems) = Pacing.PrizePaceEdit.Read(body.Pace, prize.Pace());
        prize.SetPace(pace);
        problems.AddRange(paceProblems);
        if (prize.Name.Length is 0 or > 100 && body.Name is not null) problems.Add(Ui.T("name must be 1-100 characters."));
        if (prize.Weight < 0) problems.Add(Ui.T("weight must not be negative."));
        if (body.Inventory is < 0 or > 10_000_000) problems.Add(Ui.T("inventory must be 0-10,000,000."));
        if (prize.Kind is not (PrizeKinds.Coupon or PrizeKinds.Physical or PrizeKinds.Points)) problems.Add(Ui.T("kind must be coupon, physical or points."));
        if (body.Value is < 0 or > 10_000_000) problems.Add(Ui.T("value must be 0-10,000,000 yuan."));
        if (prize.ClaimDays is < 1 or > 365) problems.Add(Ui.T("claimDays must be 1-365 (or null for the default)."));
        problems.AddRange(prize.CouponTerms().Problems(""));
        return problems;
    }

    private static Prize Copy(Prize p) => new()
    {
        Id = p.Id,
        CampaignId = p.CampaignId,
        Name = p.Name,
        Weight = p.Weight,
        Inventory = p.Inventory,
        Remaining = p.Remaining,
        CouponPoolId = p.CouponPoolId,
        Position = p.Position,
        Kind = p.Kind,
        ValidDays = p.ValidDays,
        ValidFrom = p.ValidFrom,
        ValidUntil = p.ValidUntil,
        Stores = p.Stores,
        RedeemHours = p.RedeemHours,
        ClaimDays = p.ClaimDays,
        PacePer = p.PacePer,
        PaceQuantity = p.PaceQuantity,
        PaceHours = p.PaceHours,
        PaceCarryOver = p.PaceCarryOver,
        ValueYuan = p.ValueYuan,
    };
}

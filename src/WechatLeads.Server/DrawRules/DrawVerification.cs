using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using WechatLeads.Server.Admin;
using WechatLeads.Server.Campaigns;
using WechatLeads.Server.Data;
using WechatLeads.Server.Leads;
using WechatLeads.Server.Participation;
using WechatLeads.Server.Platform.Web;
using WechatLeads.Server.Risk;

namespace WechatLeads.Server.DrawRules;

/// <summary>
/// Works every draw of a campaign out again from what was kept — the rules version it was drawn under, the
/// random value and the risk action — and compares with the prize it fell on. A mismatch means a participation
/// was changed after the fact (or the rules version was): what 不得内定 needs to be shown, not just claimed.
/// </summary>
internal sealed class DrawVerification(LeadsDbContext db)
{
    public sealed record Report(
        string Campaign,
        int Draws,
        int Verified,
        int NotDrawn,
        IReadOnlyList<string> Mismatches,
        IReadOnlyList<RulesVersionInfo> RulesVersions);

    public sealed record RulesVersionInfo(int Version, string Sha256, DateTime PublishedAt, int Draws);

    public async Task<Report?> VerifyAsync(string slug, CancellationToken ct)
    {
        var campaign = await db.Set<Campaign>().AsNoTracking().Where(c => c.Slug == slug).Select(c => new { c.Id, c.Type }).SingleOrDefaultAsync(ct);
        if (campaign is null) return null;
        var versions = await db.Set<CampaignRulesVersion>().AsNoTracking().Where(r => r.CampaignId == campaign.Id).ToListAsync(ct);
        var documents = versions.ToDictionary(
            v => v.Version,
            v => (Doc: RulesDocument.Parse(v.Content)!, Intact: RulesDocument.Sha256Of(v.Content) == v.Sha256));
        var draws = await db.Set<ParticipationRecord>().AsNoTracking().Where(p => p.CampaignId == campaign.Id && p.RulesVersion != null)
            .Select(p => new { p.Id, p.RulesVersion, p.DrawRoll, p.DrawTotal, p.CandidatePrizeId, p.RiskAction }).ToListAsync(ct);
        var mismatches = new List<string>();
        int verified = 0, notDrawn = 0;
        foreach (var d in draws)
        {
            if (d.DrawRoll is null) { notDrawn++; continue; } // no draw made: risk action nowin
            if (!documents.TryGetValue(d.RulesVersion!.Value, out var rules) || !rules.Intact) { mismatches.Add(d.Id); continue; }
            var table = rules.Doc.Prizes.Select(p => (p.Id, p.Weight)).ToList();
            var drawnFrom = d.RiskAction == RiskActions.Reduced ? TopPrizes.Without(table) : table;
            var total = rules.Doc.NoWinWeight + drawnFrom.Sum(p => p.Weight);
            var expected = PrizeDraw.Derive(drawnFrom, d.DrawRoll.Value);
            if (total != d.DrawTotal || expected != d.CandidatePrizeId) mismatches.Add(d.Id);
            else verified++;
        }
        var counts = draws.GroupBy(d => d.RulesVersion!.Value).ToDictionary(g => g.Key, g => g.Count());
        return new Report(slug, draws.Count, verified, notDrawn, [.. mismatches.Take(100)],
            [.. versions.OrderBy(v => v.Version).Select(v => new RulesVersionInfo(v.Version, v.Sha256, v.CreatedAt, counts.GetValueOrDefault(v.Version)))]);
    }
}

internal static class DrawVerificationEndpoints
{
    public static RouteGroupBuilder MapDrawVerification(this RouteGroupBuilder admin)
    {
        admin.MapGet("/campaigns/{slug}/draws/verify", VerifyAsync).RequireAuthorization(AdminPolicies.Compliance).WithName("VerifyDraws")
            .WithSummary("Re-derives every draw from its rules version, random value and risk action and reports any that does not match (Compliance).");
        return admin;
    }

    private static async Task<Results<Ok<DrawVerification.Report>, ProblemHttpResult>> VerifyAsync(
        string slug,
        DrawVerification verification,
        CancellationToken ct) =>
        await verification.VerifyAsync(slug, ct) is { } report
            ? TypedResults.Ok(report)
            : Campaigns.CampaignProblems.NotFound.ToResult();
}

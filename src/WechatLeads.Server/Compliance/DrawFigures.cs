using Microsoft.EntityFrameworkCore;
using WechatLeads.Server.Campaigns;
using WechatLeads.Server.Data;
using WechatLeads.Server.DrawRules;
using WechatLeads.Server.Leads;
using WechatLeads.Server.Risk;

namespace WechatLeads.Server.Compliance;

/// <summary>
/// The evidence report's draws section, per lucky draw with draws in the period: the rules versions announced,
/// how many draws, each prize drawn against what its published odds make expected (and how many were actually
/// given — a drawn prize that was gone or not yet released is 谢谢参与), WeChat risk ranks, blocked attempts.
/// </summary>
internal static class DrawFigures
{
    public sealed record Campaign(string Slug, string Title, int Draws, IReadOnlyList<Version> RulesVersions, IReadOnlyList<PrizeLine> Prizes,
        IReadOnlyDictionary<string, int> RiskRanks, IReadOnlyDictionary<string, int> Blocked);

    public sealed record Version(int Number, string Sha256, DateTime PublishedAt);

    /// <param name="Expected">Draws × the prize's published probability in the table each draw used.</param>
    public sealed record PrizeLine(string Name, int Drawn, double Expected, int Given);

    public static async Task<IReadOnlyList<Campaign>> BuildAsync(LeadsDbContext db, DateTime from, DateTime to, CancellationToken ct)
    {
        var draws = await db.Set<ParticipationRecord>().AsNoTracking().Where(p => p.CreatedAt >= from && p.CreatedAt < to && p.RulesVersion != null)
            .GroupBy(p => new { p.CampaignId, p.RulesVersion, p.RiskAction, p.RiskRank, p.CandidatePrizeId, p.PrizeId, Drawn = p.DrawRoll != null })
            .Select(g =>
                new
                {
                    g.Key.CampaignId,
                    g.Key.RulesVersion,
                    g.Key.RiskAction,
                    g.Key.RiskRank,
                    g.Key.CandidatePrizeId,
                    g.Key.PrizeId,
                    g.Key.Drawn,
                    Count = g.Count()
                })
            .ToListAsync(ct);
        var blocked = await db.Set<DrawRefusal>().AsNoTracking().Where(r => r.At >= from && r.At < to)
            .GroupBy(r => new { r.CampaignId, r.Reason }).Select(g => new { g.Key.CampaignId, g.Key.Reason, Count = g.Count() }).ToListAsync(ct);
        var ids = draws.Select(d => d.CampaignId).Concat(blocked.Select(b => b.CampaignId)).Distinct().ToList();
        var campaigns = await db.Set<Campaigns.Campaign>().AsNoTracking().Where(c => ids.Contains(c.Id)).Include(c => c.Prizes).ToListAsync(ct);
        var versions = await db.Set<CampaignRulesVersion>().AsNoTracking().Where(v => ids.Contains(v.CampaignId)).ToListAsync(ct);

        return [.. campaigns.OrderBy(c => c.Slug, StringComparer.Ordinal).Select(c =>
        {
            var mine = draws.Where(d => d.CampaignId == c.Id).ToList();
            var documents = versions.Where(v => v.CampaignId == c.Id).ToDictionary(v => v.Version, v => RulesDocument.Parse(v.Content)!);
            var expected = new Dictionary<long, double>();
            foreach (var group in mine.Where(d => d.Drawn).GroupBy(d => (d.RulesVersion!.Value, d.RiskAction)))
            {
                if (!documents.TryGetValue(group.Key.Item1, out var doc)) continue;
                var table = doc.Prizes.Select(p => (p.Id, p.Weight)).ToList();
                if (group.Key.RiskAction == RiskActions.Reduced) table = [.. TopPrizes.Without(table)];
                var total = (double)(doc.NoWinWeight + table.Sum(p => p.Weight));
                var n = group.Sum(d => d.Count);
                foreach (var (id, weight) in table) expected[id] = expected.GetValueOrDefault(id) + n * weight / total;
            }
            return new Campaign(c.Slug, c.Title, mine.Sum(d => d.Count),
                [.. versions.Where(v => v.CampaignId == c.Id).OrderBy(v => v.Version).Select(v => new Version(v.Version, v.Sha256, v.CreatedAt))],
                [.. c.Prizes.OrderBy(p => p.Position).Select(p => new PrizeLine(p.Name,
                    mine.Where(d => d.CandidatePrizeId == p.Id).Sum(d => d.Count), Math.Round(
                        expected.GetValueOrDefault(p.Id),
                        1), mine.Where(d => d.PrizeId == p.Id).Sum(d => d.Count)))],
                mine.GroupBy(d => d.RiskRank?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "-").OrderBy(g => g.Key, StringComparer.Ordinal)
                    .ToDictionary(g => g.Key, g => g.Sum(d => d.Count)),
                blocked.Where(b => b.CampaignId == c.Id).ToDictionary(b => b.Reason, b => b.Count));
        })];
    }
}

using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Caching.Memory;
using WechatLeads.Server.Campaigns;
using WechatLeads.Server.Data;
using WechatLeads.Server.Participation;
using WechatLeads.Server.Privacy;

namespace WechatLeads.Server.Participation;

/// <summary>
/// Read side of campaigns for the participation path: a few seconds of caching keeps a rush of thousands
/// of followers from re-reading the same campaign row; inventory is never cached (the write decides it).
/// </summary>
internal sealed class CampaignCatalog(IServiceScopeFactory scopes, IMemoryCache cache, IConfiguration configuration)
{
    private static readonly TimeSpan Ttl = TimeSpan.FromSeconds(5);

    /// <param name="Rules">Draws: the announced rules drawn under now, and their stored version.</param>
    public sealed record Entry(Campaign Campaign, PrivacyPolicy Policy, CampaignSnapshot Snapshot, DrawRules.PublishedRules? Rules = null);

    public async Task<Entry?> GetAsync(string slug, CancellationToken cancellationToken) =>
        await cache.GetOrCreateAsync("campaign:" + slug, async item =>
        {
            item.AbsoluteExpirationRelativeToNow = Ttl;
            await using var scope = scopes.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<LeadsDbContext>();
            var campaign = await db.Set<Campaign>().AsNoTracking().Include(c => c.Prizes).SingleOrDefaultAsync(c => c.Slug == slug, cancellationToken);
            if (campaign is null) return null;
            var policy = await db.Set<PrivacyPolicy>().AsNoTracking().SingleOrDefaultAsync(p => p.Version == campaign.PolicyVersion, cancellationToken)
                ?? throw new InvalidOperationException($"Campaign {slug} requires privacy policy {campaign.PolicyVersion}, which is not published.");
            var claimDays = Fulfilment.FulfilmentOptions.ClaimDaysFrom(configuration);
            var prizes = campaign.Prizes.OrderBy(p => p.Position)
                .Select(p => new PrizeSnapshot(p.Id, p.Name, p.Weight, p.CouponPoolId, p.Kind, p.CouponTerms(), p.ClaimDays ?? claimDays,
                    p.Pace() is { } pace ? Pacing.PaceSchedule.For(pace, p.Inventory, campaign.StartsAt, campaign.EndsAt) : null)).ToList();
            // A draw is only ever drawn under a stored version of its announced rules: the participation names it.
            var publisher = scope.ServiceProvider.GetRequiredService<DrawRules.RulesPublisher>();
            var rules = campaign.Type == CampaignTypes.LuckyDraw
                ? new DrawRules.PublishedRules(publisher.Document(campaign), await publisher.CurrentAsync(campaign, cancellationToken))
                : null;
            var snapshot = new CampaignSnapshot(campaign.Id, campaign.Slug, campaign.Type, campaign.CouponPoolId, campaign.CouponTerms(),
                campaign.DrawsPerDay, campaign.DrawsTotal, campaign.RetentionDays, prizes, rules?.Version.Version);
            return new Entry(campaign, policy, snapshot, rules);
        });

    public void Invalidate(string slug) => cache.Remove("campaign:" + slug);
}

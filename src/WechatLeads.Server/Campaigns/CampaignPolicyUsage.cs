using Microsoft.EntityFrameworkCore;
using WechatLeads.Server.Data;
using WechatLeads.Server.Privacy;

namespace WechatLeads.Server.Campaigns;

/// <summary>The campaigns' side of <see cref="IPolicyUsage"/>: each campaign names the notice version it is under.</summary>
internal sealed class CampaignPolicyUsage(LeadsDbContext db) : IPolicyUsage
{
    public async Task<ILookup<string, string>> CampaignsByVersionAsync(CancellationToken cancellationToken) =>
        (await db.Set<Campaign>().AsNoTracking().Select(c => new { c.PolicyVersion, c.Slug }).ToListAsync(cancellationToken))
        .ToLookup(c => c.PolicyVersion, c => c.Slug, StringComparer.Ordinal);
}

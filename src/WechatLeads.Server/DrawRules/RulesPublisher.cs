using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using WechatLeads.Server.Campaigns;
using WechatLeads.Server.Data;

namespace WechatLeads.Server.DrawRules;

/// <summary>
/// Keeps a draw's announced rules versioned: whenever what it would disclose differs from its newest stored
/// version (first announcement, stock added, pacing changed), the document is stored as the next version.
/// Two instances doing it at once store it once (the version is the key).
/// </summary>
internal sealed class RulesPublisher(LeadsDbContext db, IOptionsMonitor<RulesOptions> options, TimeProvider time)
{
    public RulesDocument Document(Campaign campaign) =>
        RulesDocument.From(campaign, options.CurrentValue.Organiser, options.CurrentValue.ComplaintContact);

    /// <summary>The newest version of <paramref name="campaign"/>'s rules (its prizes loaded), stored first if it changed.</summary>
    public async Task<CampaignRulesVersion> CurrentAsync(Campaign campaign, CancellationToken ct)
    {
        var content = Document(campaign).Canonical();
        var sha = RulesDocument.Sha256Of(content);
        var latest = await LatestAsync(campaign.Id, ct);
        if (latest?.Sha256 == sha) return latest;
        var next = new CampaignRulesVersion
        {
            CampaignId = campaign.Id,
            Version = (latest?.Version ?? 0) + 1,
            Content = content,
            Sha256 = sha,
            CreatedAt = time.GetUtcNow().UtcDateTime,
        };
        await db.Database.ExecuteSqlAsync($"""
            INSERT INTO "CampaignRules" ("CampaignId", "Version", "Content", "Sha256", "CreatedAt")
            VALUES ({next.CampaignId}, {next.Version}, {next.Content}, {next.Sha256}, {next.CreatedAt}) ON CONFLICT DO NOTHING
            """, ct);
        return await LatestAsync(campaign.Id, ct) ?? next;
    }

    public Task<CampaignRulesVersion?> LatestAsync(long campaignId, CancellationToken ct) =>
        db.Set<CampaignRulesVersion>().AsNoTracking().Where(r => r.CampaignId == campaignId).OrderByDescending(r => r.Version).FirstOrDefaultAsync(ct);

    public Task<CampaignRulesVersion?> VersionAsync(long campaignId, int version, CancellationToken ct) =>
        db.Set<CampaignRulesVersion>().AsNoTracking().SingleOrDefaultAsync(r => r.CampaignId == campaignId && r.Version == version, ct);
}

/// <summary>A draw's rules as disclosed now, with the stored version they are (its number and SHA-256).</summary>
internal sealed record PublishedRules(RulesDocument Document, CampaignRulesVersion Version)
{
    public string Url => $"/h5/c/{Document.Campaign}/rules";
}

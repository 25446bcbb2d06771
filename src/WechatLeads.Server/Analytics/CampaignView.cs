using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace WechatLeads.Server.Analytics;

/// <summary>Landing-page views per campaign, China-time day and source: the top of the funnel. Counts only, no visitor data.</summary>
internal sealed class CampaignView
{
    public long CampaignId { get; set; }
    /// <summary>The day in China time, <c>yyyy-MM-dd</c>.</summary>
    public required string Day { get; set; }
    public required string Source { get; set; }
    public long Views { get; set; }
}

internal sealed class CampaignViewConfiguration : IEntityTypeConfiguration<CampaignView>
{
    public void Configure(EntityTypeBuilder<CampaignView> b)
    {
        b.ToTable("CampaignViews");
        b.HasKey(x => new { x.CampaignId, x.Day, x.Source });
        b.Property(x => x.Day).HasMaxLength(10);
        b.Property(x => x.Source).HasMaxLength(64);
    }
}

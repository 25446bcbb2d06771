using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace WechatLeads.Server.DrawRules;

/// <summary>One announced version of a draw's rules: the canonical document and its SHA-256. Never changed, only added to.</summary>
internal sealed class CampaignRulesVersion
{
    public long CampaignId { get; set; }
    public int Version { get; set; }
    public required string Content { get; set; }
    public required string Sha256 { get; set; }
    public DateTime CreatedAt { get; set; }
}

internal sealed class CampaignRulesVersionConfiguration : IEntityTypeConfiguration<CampaignRulesVersion>
{
    public void Configure(EntityTypeBuilder<CampaignRulesVersion> b)
    {
        b.ToTable("CampaignRules");
        b.HasKey(x => new { x.CampaignId, x.Version });
        b.Property(x => x.Sha256).HasMaxLength(64);
    }
}

using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace WechatLeads.Server.Privacy;

/// <summary>
/// One version of the privacy notice, immutable once published: consents refer to a version and its
/// hash, so "what did this person agree to" always has an exact answer (PIPL Art. 14, 17).
/// </summary>
internal sealed class PrivacyPolicy
{
    public required string Version { get; set; }
    public required string Title { get; set; }
    public required string Markdown { get; set; }
    public required string ContentHash { get; set; }
    public DateTime PublishedAt { get; set; }
}

internal sealed class PrivacyPolicyConfiguration : IEntityTypeConfiguration<PrivacyPolicy>
{
    public void Configure(EntityTypeBuilder<PrivacyPolicy> b)
    {
        b.ToTable("PrivacyPolicies");
        b.HasKey(x => x.Version);
        b.Property(x => x.Version).HasMaxLength(32);
        b.Property(x => x.Title).HasMaxLength(200);
        b.Property(x => x.ContentHash).HasMaxLength(64);
    }
}

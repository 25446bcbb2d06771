using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace WechatLeads.Server.Pacing;

/// <summary>How many of a paced prize were won in one period (when leftovers do not carry over).</summary>
internal sealed class PrizeRelease
{
    public long PrizeId { get; set; }
    /// <summary>yyyyMMdd or yyyyMMddHH, Beijing time.</summary>
    public long Period { get; set; }
    public int Taken { get; set; }
}

internal sealed class PrizeReleaseConfiguration : IEntityTypeConfiguration<PrizeRelease>
{
    public void Configure(EntityTypeBuilder<PrizeRelease> b)
    {
        b.ToTable("PrizeReleases");
        b.HasKey(x => new { x.PrizeId, x.Period });
    }
}

using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace WechatLeads.Server.Campaigns;

/// <summary>A pool of coupon codes, imported or generated.</summary>
internal sealed class CouponPool
{
    public long Id { get; set; }
    public required string Name { get; set; }
    public DateTime CreatedAt { get; set; }
}

/// <summary>
/// One code. It is handed out by setting <see cref="ParticipationId"/> with a conditional update; the
/// unique index on that column makes it impossible for one code to reach two people.
/// </summary>
internal sealed class CouponCode
{
    public long Id { get; set; }
    public long PoolId { get; set; }
    public required string Code { get; set; }
    public string? ParticipationId { get; set; }
    public DateTime? AssignedAt { get; set; }
}

internal sealed class CouponConfiguration : IEntityTypeConfiguration<CouponPool>, IEntityTypeConfiguration<CouponCode>
{
    public void Configure(EntityTypeBuilder<CouponPool> b)
    {
        b.ToTable("CouponPools");
        b.Property(x => x.Name).HasMaxLength(100);
    }

    public void Configure(EntityTypeBuilder<CouponCode> b)
    {
        b.ToTable("CouponCodes");
        b.Property(x => x.Code).HasMaxLength(64);
        b.Property(x => x.ParticipationId).HasMaxLength(32);
        b.HasIndex(x => new { x.PoolId, x.Code }).IsUnique();
        b.HasIndex(x => x.ParticipationId).IsUnique();
        // Finding the next free code must not scan the handed-out ones.
        b.HasIndex(x => new { x.PoolId, x.ParticipationId, x.Id });
    }
}

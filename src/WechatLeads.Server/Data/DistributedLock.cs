using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace WechatLeads.Server.Data;

/// <summary>A named lease in the database: whoever holds an unexpired row holds the lock, on any instance.</summary>
internal sealed class DistributedLock
{
    public required string Name { get; set; }
    public required string Owner { get; set; }
    public DateTime ExpiresAt { get; set; }
}

internal sealed class DistributedLockConfiguration : IEntityTypeConfiguration<DistributedLock>
{
    public void Configure(EntityTypeBuilder<DistributedLock> b)
    {
        b.ToTable("Locks");
        b.HasKey(x => x.Name);
        b.Property(x => x.Name).HasMaxLength(128);
        b.Property(x => x.Owner).HasMaxLength(64);
    }
}

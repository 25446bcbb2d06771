using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace WechatLeads.Server.WechatApi;

/// <summary>The one cached access token per AppId, shared by every instance; the value is encrypted at rest.</summary>
internal sealed class AccessTokenRecord
{
    public required string AppId { get; set; }
    public required string ProtectedValue { get; set; }
    public DateTime ExpiresAt { get; set; }
    public DateTime FetchedAt { get; set; }
}

internal sealed class AccessTokenRecordConfiguration : IEntityTypeConfiguration<AccessTokenRecord>
{
    public void Configure(EntityTypeBuilder<AccessTokenRecord> b)
    {
        b.ToTable("AccessTokens");
        b.HasKey(x => x.AppId);
        b.Property(x => x.AppId).HasMaxLength(64);
        b.Property(x => x.ProtectedValue).HasMaxLength(1024);
    }
}

using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace WechatLeads.Server.DataRights;

/// <summary>A code sent to a new phone number: the correction happens only when it comes back.</summary>
public sealed class PhoneVerification
{
    public const int MaxAttempts = 5;

    public required string Id { get; set; }
    public required string SubjectKey { get; set; }
    public required string PhoneCipher { get; set; }
    public required string PhoneIndex { get; set; }
    public required string CodeHash { get; set; }
    public int Attempts { get; set; }
    public DateTime CreatedAt { get; set; }
    public DateTime ExpiresAt { get; set; }
    public DateTime? UsedAt { get; set; }
}

internal sealed class PhoneVerificationConfiguration : IEntityTypeConfiguration<PhoneVerification>
{
    public void Configure(EntityTypeBuilder<PhoneVerification> b)
    {
        b.ToTable("PhoneVerifications");
        b.Property(x => x.Id).HasMaxLength(32);
        b.Property(x => x.SubjectKey).HasMaxLength(64);
        b.Property(x => x.PhoneCipher).HasMaxLength(256);
        b.Property(x => x.PhoneIndex).HasMaxLength(64);
        b.Property(x => x.CodeHash).HasMaxLength(64);
        b.HasIndex(x => new { x.SubjectKey, x.CreatedAt });
    }
}

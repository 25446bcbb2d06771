using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace WechatLeads.Server.PhoneProof;

/// <summary>
/// One SMS code sent to a number a person typed: proof that the number is theirs comes only when the code
/// comes back, from the same WeChat identity, within its lifetime and its tries. The code itself is never
/// stored — only a keyed hash bound to this row. Rows outlive their codes by a day: they are what the
/// per-number and per-person sending caps count.
/// </summary>
internal sealed class PhoneVerification
{
    public required string Id { get; set; }
    /// <summary>What the code proves the number for: <see cref="PhoneCodePurposes"/>.</summary>
    public required string Purpose { get; set; }
    public required string SubjectKey { get; set; }
    public required string PhoneCipher { get; set; }
    public required string PhoneIndex { get; set; }
    public required string CodeHash { get; set; }
    public int Attempts { get; set; }
    public DateTime CreatedAt { get; set; }
    public DateTime ExpiresAt { get; set; }
    public DateTime? UsedAt { get; set; }

    /// <summary>The id the SMS carries to the provider (its out-id), so a delivery receipt finds the code again.</summary>
    public static string MessageIdOf(string id) => "code-" + id;
}

internal static class PhoneCodePurposes
{
    /// <summary>Joining a campaign with a typed number.</summary>
    public const string Participation = "participation";
    /// <summary>Correcting one's number (a data-subject request).</summary>
    public const string Correction = "correction";
    /// <summary>A staff member proving the number their marketing test sends go to.</summary>
    public const string StaffTest = "staff-test";
}

internal sealed class PhoneVerificationConfiguration : IEntityTypeConfiguration<PhoneVerification>
{
    public void Configure(EntityTypeBuilder<PhoneVerification> b)
    {
        b.ToTable("PhoneVerifications");
        b.Property(x => x.Id).HasMaxLength(32);
        b.Property(x => x.Purpose).HasMaxLength(16).HasDefaultValue(PhoneCodePurposes.Correction); // the rows before proof were all corrections
        b.Property(x => x.SubjectKey).HasMaxLength(64);
        b.Property(x => x.PhoneCipher).HasMaxLength(256);
        b.Property(x => x.PhoneIndex).HasMaxLength(64);
        b.Property(x => x.CodeHash).HasMaxLength(64);
        b.HasIndex(x => new { x.SubjectKey, x.CreatedAt });
        b.HasIndex(x => new { x.PhoneIndex, x.CreatedAt });
    }
}

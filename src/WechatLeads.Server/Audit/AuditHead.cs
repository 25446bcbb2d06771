using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace WechatLeads.Server.Audit;

/// <summary>
/// The newest entry of the audit log as recorded by its last append, in one row rewritten in the same
/// transaction as each append and MAC'd with a key derived from <c>Security:EncryptionKey</c>. The chain
/// alone can't tell "the last rows were deleted" from "nothing happened since": the head can. Someone with
/// database write access but not the key can delete this row (reported, when rows exist) or put back an
/// older copy of it together with older rows (a rollback: that is what the instance anchor file and the
/// signed checkpoints are for), but can't write a head for a sequence it never had.
/// </summary>
internal sealed class AuditHead
{
    public const int SingleId = 1;
    public int Id { get; set; } = SingleId;
    public long Sequence { get; set; }
    public required string Hash { get; set; }
    public DateTime At { get; set; }
    public required string Mac { get; set; }
}

/// <summary>
/// A signed statement "the audit log had <see cref="Sequence"/> entries and the last one's hash was
/// <see cref="Hash"/>", made hourly and on demand. Compliance downloads them and keeps them elsewhere; any one
/// of them later shows whether the log still contains that entry unchanged, whatever the database holds.
/// </summary>
internal sealed class AuditCheckpoint
{
    public long Sequence { get; set; }
    public required string Hash { get; set; }
    public DateTime At { get; set; }
    /// <summary>ECDSA P-256 / SHA-256 over <see cref="AuditSeal.CheckpointText"/>, DER, base64.</summary>
    public required string Signature { get; set; }
}

internal sealed class AuditHeadConfiguration : IEntityTypeConfiguration<AuditHead>
{
    public void Configure(EntityTypeBuilder<AuditHead> b)
    {
        b.ToTable("AuditHead");
        b.HasKey(x => x.Id);
        b.Property(x => x.Id).ValueGeneratedNever();
        b.Property(x => x.Hash).HasMaxLength(64);
        b.Property(x => x.Mac).HasMaxLength(64);
    }
}

internal sealed class AuditCheckpointConfiguration : IEntityTypeConfiguration<AuditCheckpoint>
{
    public void Configure(EntityTypeBuilder<AuditCheckpoint> b)
    {
        b.ToTable("AuditCheckpoints");
        b.HasKey(x => x.Sequence);
        b.Property(x => x.Sequence).ValueGeneratedNever();
        b.Property(x => x.Hash).HasMaxLength(64);
        b.Property(x => x.Signature).HasMaxLength(200);
    }
}

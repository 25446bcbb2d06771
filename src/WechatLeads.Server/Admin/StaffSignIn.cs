using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace WechatLeads.Server.Admin;

/// <summary>
/// Failed sign-ins per typed name and per (name, address), in the database so that every instance behind the
/// load balancer counts the same attempts. <see cref="Name"/> is a keyed hash (<c>name:…</c> or <c>pair:…</c>),
/// never the typed text (see <see cref="StaffLockout"/>).
/// </summary>
internal sealed class StaffSignInFailure
{
    public required string Name { get; set; }
    public int Failures { get; set; }
    public DateTime WindowStartedAt { get; set; }
    public DateTime? LockedUntil { get; set; }
}

internal sealed class StaffSignInFailureConfiguration : IEntityTypeConfiguration<StaffSignInFailure>
{
    public void Configure(EntityTypeBuilder<StaffSignInFailure> b)
    {
        b.ToTable("StaffSignInFailures");
        b.HasKey(x => x.Name);
        b.Property(x => x.Name).HasMaxLength(128);
    }
}

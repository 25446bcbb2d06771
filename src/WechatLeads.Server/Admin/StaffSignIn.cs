using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace WechatLeads.Server.Admin;

/// <summary>
/// Failed sign-ins per account name, in the database so that every instance behind the load balancer
/// counts the same attempts: five wrong passwords within the window lock the account for a while.
/// </summary>
public sealed class StaffSignInFailure
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

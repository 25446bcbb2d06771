using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace WechatLeads.Server.TestSends;

/// <summary>
/// Where a staff member's own marketing test sends go: a phone number they proved with an SMS code, and the
/// WeChat identity they bound by opening a link in WeChat. Both encrypted; only ever sent to by their owner.
/// </summary>
internal sealed class StaffTestTarget
{
    /// <summary>The staff account's name, lower-case (console-made and configured accounts alike).</summary>
    public required string StaffName { get; set; }
    public string? PhoneCipher { get; set; }
    public DateTime? PhoneVerifiedAt { get; set; }
    /// <summary>The Official Account openid, encrypted (<see cref="TestTargetCipher"/>).</summary>
    public string? OpenIdCipher { get; set; }
    public DateTime? OpenIdBoundAt { get; set; }
}

internal sealed class StaffTestTargetConfiguration : IEntityTypeConfiguration<StaffTestTarget>
{
    public void Configure(EntityTypeBuilder<StaffTestTarget> b)
    {
        b.ToTable("StaffTestTargets");
        b.HasKey(x => x.StaffName);
        b.Property(x => x.StaffName).HasMaxLength(128);
        b.Property(x => x.PhoneCipher).HasMaxLength(200);
        b.Property(x => x.OpenIdCipher).HasMaxLength(300);
    }
}

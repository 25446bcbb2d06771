using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace WechatLeads.Server.Campaigns;

/// <summary>
/// A permanent parametric QR code on a store's counter. Scanning it (a follow with <c>qrscene_</c>, or a
/// SCAN by a follower) answers with the campaign link attributed to that store.
/// </summary>
internal sealed class StoreQrCode
{
    public long Id { get; set; }
    public long CampaignId { get; set; }
    public required string StoreName { get; set; }
    /// <summary>The <c>scene_str</c> (≤ 64 characters), unique across the account.</summary>
    public required string Scene { get; set; }
    public required string Ticket { get; set; }
    public required string Url { get; set; }
    public DateTime CreatedAt { get; set; }
}

internal sealed class StoreQrCodeConfiguration : IEntityTypeConfiguration<StoreQrCode>
{
    public void Configure(EntityTypeBuilder<StoreQrCode> b)
    {
        b.ToTable("StoreQrCodes");
        b.Property(x => x.StoreName).HasMaxLength(100);
        b.Property(x => x.Scene).HasMaxLength(64);
        b.Property(x => x.Ticket).HasMaxLength(256);
        b.Property(x => x.Url).HasMaxLength(512);
        b.HasIndex(x => x.Scene).IsUnique();
        b.HasIndex(x => new { x.CampaignId, x.StoreName }).IsUnique();
    }
}

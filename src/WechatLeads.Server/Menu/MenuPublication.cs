using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace WechatLeads.Server.Menu;

/// <summary>
/// What was last published to an account's menu: the SHA-256 of the exact menu/create body and when. Shared by
/// every instance, so N instances starting (or restarting one by one) publish once per change, not once each —
/// menu/create is limited to 1,000 calls a day.
/// </summary>
internal sealed class MenuPublication
{
    public required string AppId { get; set; }
    public required string ContentHash { get; set; }
    public required string Origin { get; set; }
    public DateTime PublishedAt { get; set; }
}

internal sealed class MenuPublicationConfiguration : IEntityTypeConfiguration<MenuPublication>
{
    public void Configure(EntityTypeBuilder<MenuPublication> b)
    {
        b.ToTable("MenuPublications");
        b.HasKey(x => x.AppId);
        b.Property(x => x.AppId).HasMaxLength(64);
        b.Property(x => x.ContentHash).HasMaxLength(64);
        b.Property(x => x.Origin).HasMaxLength(128);
    }
}

using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace WechatLeads.Server.Stores;

/// <summary>A store where coupons are redeemed; store accounts are bound to one or more codes.</summary>
internal sealed class Store
{
    /// <summary>Short and stable, as on the till and in <c>Admin:Users:n:Store</c>: letters, digits, dashes.</summary>
    public required string Code { get; set; }
    public required string Name { get; set; }
    public string Address { get; set; } = "";
    public DateTime CreatedAt { get; set; }
}

internal sealed class StoreConfiguration : IEntityTypeConfiguration<Store>
{
    public void Configure(EntityTypeBuilder<Store> b)
    {
        b.ToTable("Stores");
        b.HasKey(x => x.Code);
        b.Property(x => x.Code).HasMaxLength(32);
        b.Property(x => x.Name).HasMaxLength(100);
        b.Property(x => x.Address).HasMaxLength(200);
    }
}

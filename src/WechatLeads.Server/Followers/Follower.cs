using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace WechatLeads.Server.Followers;

/// <summary>
/// A person as the Official Account knows them (by openid). Marketing opt-out lives here as well as in the
/// consent ledger: the flag is what every marketing send checks, the ledger is the evidence.
/// </summary>
internal sealed class Follower
{
    public required string OpenId { get; set; }
    public bool Subscribed { get; set; }
    public DateTime? SubscribedAt { get; set; }
    public DateTime? UnsubscribedAt { get; set; }
    public string? SubscribeScene { get; set; }
    public bool MarketingOptOut { get; set; }
    public DateTime? OptOutAt { get; set; }
    public string? OptOutChannel { get; set; }
    public DateTime CreatedAt { get; set; }
}

internal sealed class FollowerConfiguration : IEntityTypeConfiguration<Follower>
{
    public void Configure(EntityTypeBuilder<Follower> b)
    {
        b.ToTable("Followers");
        b.HasKey(x => x.OpenId);
        b.Property(x => x.OpenId).HasMaxLength(64);
        b.Property(x => x.SubscribeScene).HasMaxLength(128);
        b.Property(x => x.OptOutChannel).HasMaxLength(32);
    }
}

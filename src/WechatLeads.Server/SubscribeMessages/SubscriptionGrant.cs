using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace WechatLeads.Server.SubscribeMessages;

/// <summary>
/// One answer a mini-program user gave to a subscription popup for one template. An accepted row is one message
/// we may send (WeChat: one accept buys one send); a send spends it with a conditional update, so two sends can
/// never spend the same one. Rejections, bans and filters are kept too: they are why nothing was sent.
/// </summary>
internal sealed class SubscriptionGrant
{
    public long Id { get; set; }
    public required string SubjectKey { get; set; }
    /// <summary>Needed to address the message; erased with the person (the row goes).</summary>
    public required string OpenId { get; set; }
    public required string TemplateId { get; set; }
    /// <summary><see cref="SubscriptionStatuses"/>.</summary>
    public required string Status { get; set; }
    /// <summary>Who told us first: WeChat's popup push (<c>push</c>) or the mini-program after wx.requestSubscribeMessage (<c>api</c>).</summary>
    public required string Source { get; set; }
    public DateTime CreatedAt { get; set; }
    /// <summary>When the other source reported the same answer (matched to this row rather than counted twice).</summary>
    public DateTime? ConfirmedAt { get; set; }
    public DateTime? SpentAt { get; set; }
    /// <summary>What spent it: a send's purpose, <c>no_grant</c> when WeChat said 43101, or <c>turned_off</c>.</summary>
    public string? SpentFor { get; set; }
}

internal static class SubscriptionStatuses
{
    public const string Accept = "accept";
    public const string Reject = "reject";
    /// <summary>WeChat banned the template for this user (complaints).</summary>
    public const string Ban = "ban";
    /// <summary>WeChat filtered the template (a duplicate title in the same request).</summary>
    public const string Filter = "filter";
    public static readonly string[] All = [Accept, Reject, Ban, Filter];
}

internal sealed class SubscriptionGrantConfiguration : IEntityTypeConfiguration<SubscriptionGrant>
{
    public void Configure(EntityTypeBuilder<SubscriptionGrant> b)
    {
        b.ToTable("SubscriptionGrants");
        b.Property(x => x.SubjectKey).HasMaxLength(64);
        b.Property(x => x.OpenId).HasMaxLength(64);
        b.Property(x => x.TemplateId).HasMaxLength(64);
        b.Property(x => x.Status).HasMaxLength(16);
        b.Property(x => x.Source).HasMaxLength(8);
        b.Property(x => x.SpentFor).HasMaxLength(32);
        // The spendable grants of one person and template, oldest first.
        b.HasIndex(x => new { x.SubjectKey, x.TemplateId, x.SpentAt, x.CreatedAt });
    }
}

using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace WechatLeads.Server.Consent;

/// <summary>
/// One row of the append-only consent ledger: a consent given or withdrawn. Current consent is derived from
/// it. <see cref="SubjectKey"/> is a keyed one-way hash of the person, so the row remains evidence after
/// <see cref="OpenId"/> is erased (PIPL Art. 55–56 want processing records kept ≥ 3 years).
/// </summary>
internal sealed class ConsentEvent
{
    public long Id { get; set; }
    public required string SubjectKey { get; set; }
    public string? OpenId { get; set; }
    public required string Purpose { get; set; }
    public required string Action { get; set; }
    /// <summary>A campaign slug, or <c>*</c> for every campaign (an opt-out covers them all).</summary>
    public required string Scope { get; set; }
    public string? PolicyVersion { get; set; }
    public string? PolicyHash { get; set; }
    public required string Channel { get; set; }
    public string? Source { get; set; }
    public string? Ip { get; set; }
    public string? UserAgent { get; set; }
    public DateTime OccurredAt { get; set; }

    /// <summary>An opt-out: marketing withdrawn for every campaign, past and future (取消订阅, TD, 我的数据, a revoked number…).</summary>
    public static ConsentEvent MarketingWithdrawnEverywhere(string subjectKey, string? openId, string channel, DateTime at) => new()
    {
        SubjectKey = subjectKey,
        OpenId = openId,
        Purpose = ConsentPurposes.Marketing,
        Action = ConsentActions.Withdrawn,
        Scope = ConsentScopes.AllCampaigns,
        Channel = channel,
        OccurredAt = at,
    };
}

internal static class ConsentPurposes
{
    public const string Service = "service";
    public const string Marketing = "marketing";
    /// <summary>奖品寄送: a winner's name, phone and address, used only to send them a physical prize.</summary>
    public const string Delivery = "delivery";
}

/// <summary>What a consent event covers: a campaign's slug, or every campaign at once.</summary>
internal static class ConsentScopes
{
    /// <summary>Every campaign: an opt-out (取消订阅, TD, 我的数据) withdraws marketing everywhere, past and future campaigns alike.</summary>
    public const string AllCampaigns = "*";
}

internal static class ConsentActions
{
    public const string Granted = "granted";
    public const string Withdrawn = "withdrawn";
}

internal sealed class ConsentEventConfiguration : IEntityTypeConfiguration<ConsentEvent>
{
    public void Configure(EntityTypeBuilder<ConsentEvent> b)
    {
        b.ToTable("ConsentEvents");
        b.HasKey(x => x.Id);
        b.Property(x => x.SubjectKey).HasMaxLength(64);
        b.Property(x => x.OpenId).HasMaxLength(64);
        b.Property(x => x.Purpose).HasMaxLength(32);
        b.Property(x => x.Action).HasMaxLength(16);
        b.Property(x => x.Scope).HasMaxLength(128);
        b.Property(x => x.PolicyVersion).HasMaxLength(32);
        b.Property(x => x.PolicyHash).HasMaxLength(64);
        b.Property(x => x.Channel).HasMaxLength(32);
        b.Property(x => x.Source).HasMaxLength(64);
        b.Property(x => x.Ip).HasMaxLength(64);
        b.Property(x => x.UserAgent).HasMaxLength(512);
        // Looked up by SubjectKey only (erasure computes it from the openid): one index less to update per opt-out.
        b.HasIndex(x => x.SubjectKey);
        b.HasIndex(x => new { x.Scope, x.OccurredAt }); // a campaign's recent consents: where its traffic came from
    }
}

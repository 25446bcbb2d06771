using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace WechatLeads.Server.SubscribeMessages;

/// <summary>
/// One transactional notice by subscribe message (a coupon about to expire, a parcel shipped…), unique per
/// purpose and what it is about: a job that runs twice, or two instances, send it once. Its outcome says why
/// nothing went when nothing did.
/// </summary>
internal sealed class SubscribeSend
{
    public required string Id { get; set; }
    /// <summary><see cref="SubscribePurposes"/>.</summary>
    public required string Purpose { get; set; }
    /// <summary>What the notice is about (a coupon's id, a fulfilment's id…): with the purpose, unique.</summary>
    public required string Reference { get; set; }
    public required string SubjectKey { get; set; }
    public string? TemplateId { get; set; }
    public long? GrantId { get; set; }
    /// <summary><see cref="SubscribeSendStatuses"/>.</summary>
    public required string Status { get; set; }
    public long? WechatMessageId { get; set; }
    public int? ErrorCode { get; set; }
    public DateTime CreatedAt { get; set; }
    /// <summary>From subscribe_msg_sent_event: WeChat's word on delivery (<c>success</c>, or why not).</summary>
    public string? DeliveryStatus { get; set; }
    public DateTime? DeliveryReportedAt { get; set; }
}

internal static class SubscribeSendStatuses
{
    public const string Claimed = "claimed";
    public const string Sent = "sent";
    /// <summary>No accepted subscription left (ours or WeChat's 43101): skipped, never retried.</summary>
    public const string NoGrant = "no_grant";
    /// <summary>The purpose has no template configured.</summary>
    public const string NotConfigured = "not_configured";
    /// <summary>WeChat refused it (47003 data, 41030 page…): a configuration error, not retried.</summary>
    public const string Refused = "refused";
    /// <summary>WeChat could not be reached or did not answer: perhaps sent, so not repeated.</summary>
    public const string Failed = "failed";
}

internal sealed class SubscribeSendConfiguration : IEntityTypeConfiguration<SubscribeSend>
{
    public void Configure(EntityTypeBuilder<SubscribeSend> b)
    {
        b.ToTable("SubscribeSends");
        b.HasKey(x => x.Id);
        b.Property(x => x.Id).HasMaxLength(32);
        b.Property(x => x.Purpose).HasMaxLength(32);
        b.Property(x => x.Reference).HasMaxLength(64);
        b.Property(x => x.SubjectKey).HasMaxLength(64);
        b.Property(x => x.TemplateId).HasMaxLength(64);
        b.Property(x => x.Status).HasMaxLength(16);
        b.Property(x => x.DeliveryStatus).HasMaxLength(64);
        b.HasIndex(x => new { x.Purpose, x.Reference }).IsUnique();
        b.HasIndex(x => x.WechatMessageId);
        b.HasIndex(x => x.SubjectKey);
    }
}

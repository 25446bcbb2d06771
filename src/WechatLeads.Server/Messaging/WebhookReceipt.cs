using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace WechatLeads.Server.Messaging;

/// <summary>
/// One row per push WeChat delivered, keyed by a hash of the de-duplication key (AppId + MsgId, or
/// AppId + FromUserName + CreateTime + Event + EventKey). The primary key is what makes a retry a no-op,
/// on one instance or many sharing the database. <see cref="Signature"/> is unique too: the (timestamp, nonce,
/// signature) a push came with can't be used again for another push, which in plain mode — where the
/// signature does not cover the body — is what stops someone who saw one push URL from posting their own.
/// </summary>
internal sealed class WebhookReceipt
{
    public required string Key { get; set; }

    /// <summary>SHA-256 of the push's timestamp, nonce and (msg_)signature; null only on rows from before it was kept.</summary>
    public string? Signature { get; set; }

    public DateTime ReceivedAt { get; set; }
}

internal sealed class WebhookReceiptConfiguration : IEntityTypeConfiguration<WebhookReceipt>
{
    public void Configure(EntityTypeBuilder<WebhookReceipt> b)
    {
        b.ToTable("WebhookReceipts");
        b.HasKey(x => x.Key);
        b.Property(x => x.Key).HasMaxLength(64);
        b.Property(x => x.Signature).HasMaxLength(64);
        b.HasIndex(x => x.Signature).IsUnique();
        b.HasIndex(x => x.ReceivedAt);
    }
}

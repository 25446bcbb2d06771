using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace WechatLeads.Server.Messaging;

/// <summary>
/// One row per push WeChat delivered, keyed by a hash of the de-duplication key (AppId + MsgId, or
/// AppId + FromUserName + CreateTime + Event + EventKey). The primary key is what makes a retry a no-op,
/// on one instance or many sharing the database.
/// </summary>
public sealed class WebhookReceipt
{
    public required string Key { get; set; }
    public DateTime ReceivedAt { get; set; }
}

internal sealed class WebhookReceiptConfiguration : IEntityTypeConfiguration<WebhookReceipt>
{
    public void Configure(EntityTypeBuilder<WebhookReceipt> b)
    {
        b.ToTable("WebhookReceipts");
        b.HasKey(x => x.Key);
        b.Property(x => x.Key).HasMaxLength(64);
        b.HasIndex(x => x.ReceivedAt);
    }
}

using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using WechatLeads.Server.Participation;

namespace WechatLeads.Server.Sms;

/// <summary>
/// One message handed to a real provider, by our id: what the provider answered and what its receipt said.
/// No phone number here — the message id leads back to the verification or marketing delivery it belongs to.
/// The row is written before the call, so a repeat of the same id can't send again unseen (see <see cref="ProviderSmsSender"/>).
/// </summary>
internal sealed class SmsDelivery
{
    public required string MessageId { get; set; }
    public required string Provider { get; set; }
    public required string Purpose { get; set; }
    /// <summary>Tencent SerialNo / Aliyun BizId: what receipts carry.</summary>
    public string? ProviderMessageId { get; set; }
    public string Status { get; set; } = SmsDeliveryStatus.Sending;
    /// <summary>The provider's code (and carrier status for a failed receipt); never a phone number or text.</summary>
    public string? Reason { get; set; }
    public DateTime CreatedAt { get; set; }
    public DateTime UpdatedAt { get; set; }
    /// <summary>When the receipt came (delivered or failed).</summary>
    public DateTime? ReportedAt { get; set; }
}

internal static class SmsDeliveryStatus
{
    /// <summary>Handed to the provider, no answer yet (or the process died waiting).</summary>
    public const string Sending = "sending";
    /// <summary>The provider accepted it.</summary>
    public const string Sent = "sent";
    /// <summary>The receipt says the handset got it.</summary>
    public const string Delivered = "delivered";
    /// <summary>Refused by the provider, or the receipt says it did not arrive.</summary>
    public const string Failed = "failed";
    /// <summary>The call timed out or broke after the request went out: maybe sent. Never repeated for marketing.</summary>
    public const string Unknown = "unknown";
}

/// <summary>
/// A callback item already processed, keyed by provider and the item's id (receipt id, reply sequence or a
/// keyed hash of the reply): the unique key makes a repeated push change nothing the second time.
/// </summary>
internal sealed class SmsCallbackReceipt
{
    public required string Provider { get; set; }
    public required string Key { get; set; }
    public DateTime ReceivedAt { get; set; }
}

internal sealed class SmsDeliveryConfiguration : IEntityTypeConfiguration<SmsDelivery>, IEntityTypeConfiguration<SmsCallbackReceipt>
{
    public void Configure(EntityTypeBuilder<SmsDelivery> b)
    {
        b.ToTable("SmsDeliveries");
        b.HasKey(x => x.MessageId);
        b.Property(x => x.MessageId).HasMaxLength(128);
        b.Property(x => x.Provider).HasMaxLength(16);
        b.Property(x => x.Purpose).HasMaxLength(32);
        b.Property(x => x.ProviderMessageId).HasMaxLength(128);
        b.Property(x => x.Status).HasMaxLength(16);
        b.Property(x => x.Reason).HasMaxLength(200);
        b.HasIndex(x => new { x.Provider, x.ProviderMessageId });
        b.HasIndex(x => new { x.Status, x.UpdatedAt });
    }

    public void Configure(EntityTypeBuilder<SmsCallbackReceipt> b)
    {
        b.ToTable("SmsCallbackReceipts");
        b.HasKey(x => new { x.Provider, x.Key });
        b.Property(x => x.Provider).HasMaxLength(16);
        b.Property(x => x.Key).HasMaxLength(128);
        b.HasIndex(x => x.ReceivedAt);
    }
}

/// <summary>Reads what became of a message: e.g. "未收到？重新发送" when a code's receipt says failed.</summary>
internal sealed class SmsDeliveryLog(Data.LeadsDbContext db)
{
    public sealed record Entry(string Status, string? Reason, DateTime UpdatedAt);

    /// <summary>
    /// The status (<see cref="SmsDeliveryStatus"/>) of our message <paramref name="messageId"/>, or null when it
    /// was never handed to a real provider (the sandbox, or no gateway).
    /// </summary>
    public async Task<Entry?> StatusAsync(string messageId, CancellationToken ct) =>
        await db.Set<SmsDelivery>().AsNoTracking().Where(d => d.MessageId == messageId)
            .Select(d => new Entry(d.Status, d.Reason, d.UpdatedAt)).SingleOrDefaultAsync(ct);
}

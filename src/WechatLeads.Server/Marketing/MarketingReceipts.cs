using Microsoft.EntityFrameworkCore;
using WechatLeads.Server.Data;
using WechatLeads.Server.Sms;

namespace WechatLeads.Server.Marketing;

/// <summary>A marketing SMS's receipt marks the person's <see cref="MarketingDelivery"/>: delivered, or failed with the carrier's reason.</summary>
internal sealed class MarketingReceipts : ISmsReceiptSink
{
    public async Task ApplyAsync(LeadsDbContext db, SmsDelivery delivery, bool delivered, string? reason, DateTime now, CancellationToken ct)
    {
        if (delivery.Purpose != SmsPurposes.Marketing || MarketingKey(delivery.MessageId) is not var (sendId, personId)) return;
        var status = delivered ? MarketingDeliveryStatus.Delivered : MarketingDeliveryStatus.Failed;
        var failure = delivered ? null : SmsReceipts.Truncate("receipt:" + (reason ?? "unknown"), 64);
        // Only a message that left (or may have): a receipt never revives a skipped or pending one.
        await db.Set<MarketingDelivery>()
            .Where(d => d.SendId == sendId && d.PersonId == personId && (d.Status == MarketingDeliveryStatus.Sent || d.Status == MarketingDeliveryStatus.Unknown
                || d.Status == MarketingDeliveryStatus.Sending || d.Status == MarketingDeliveryStatus.Delivered))
            .ExecuteUpdateAsync(s => s.SetProperty(d => d.Status, status).SetProperty(d => d.Reason, failure).SetProperty(d => d.CompletedAt, now), ct);
    }

    /// <summary>The marketing message id is "{sendId}-{personId}" (<see cref="MarketingGate"/>).</summary>
    private static (long SendId, string PersonId)? MarketingKey(string messageId)
    {
        var dash = messageId.IndexOf('-');
        return dash > 0 && long.TryParse(messageId.AsSpan(0, dash), out var sendId) ? (sendId, messageId[(dash + 1)..]) : null;
    }
}

using System.Security.Cryptography;
using System.Text;
using Microsoft.EntityFrameworkCore;
using WechatLeads.Server.Data;
using WechatLeads.Server.Marketing;

namespace WechatLeads.Server.Sms;

/// <summary>
/// Applies delivery receipts (回执): each item once (its key goes into <c>SmsCallbackReceipts</c> in the same
/// transaction as its effect), only to messages we sent (matched by the provider's id or our out-id), and for
/// marketing onward to the person's <see cref="MarketingDelivery"/>: delivered, or failed with the carrier's reason.
/// </summary>
internal sealed class SmsReceipts(LeadsDbContext db, TimeProvider time)
{
    /// <summary>One receipt: its de-dup key, the provider's message id, our message id when echoed, the outcome and the carrier's reason.</summary>
    public sealed record Receipt(string Key, string? ProviderMessageId, string? OurMessageId, bool Delivered, string? Reason);

    /// <returns>How many receipts changed something (repeats and receipts for messages we don't know change nothing).</returns>
    public async Task<int> ApplyAsync(string provider, IReadOnlyList<Receipt> receipts, CancellationToken ct)
    {
        var applied = 0;
        var now = time.GetUtcNow().UtcDateTime;
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        foreach (var r in receipts)
        {
            if (!await TryRecordAsync(db, provider, r.Key, now, ct)) continue; // a repeat
            var delivery = await db.Set<SmsDelivery>().AsNoTracking()
                .Where(d => d.Provider == provider && ((r.ProviderMessageId != null && d.ProviderMessageId == r.ProviderMessageId) || (r.OurMessageId != null && d.MessageId == r.OurMessageId)))
                .FirstOrDefaultAsync(ct);
            if (delivery is null) continue; // not one of ours: nothing to change
            var status = r.Delivered ? SmsDeliveryStatus.Delivered : SmsDeliveryStatus.Failed;
            var reason = r.Delivered ? null : Truncate("receipt: " + (r.Reason ?? "unknown"), 200);
            await db.Set<SmsDelivery>().Where(d => d.MessageId == delivery.MessageId)
                .ExecuteUpdateAsync(s => s.SetProperty(d => d.Status, status).SetProperty(d => d.Reason, reason)
                    .SetProperty(d => d.ProviderMessageId, d => d.ProviderMessageId ?? r.ProviderMessageId)
                    .SetProperty(d => d.ReportedAt, now).SetProperty(d => d.UpdatedAt, now), ct);
            if (delivery.Purpose == SmsPurposes.Marketing && MarketingKey(delivery.MessageId) is var (sendId, personId))
            {
                var marketingStatus = r.Delivered ? MarketingDeliveryStatus.Delivered : MarketingDeliveryStatus.Failed;
                var marketingReason = r.Delivered ? null : Truncate("receipt:" + (r.Reason ?? "unknown"), 64);
                // Only a message that left (or may have): a receipt never revives a skipped or pending one.
                await db.Set<MarketingDelivery>()
                    .Where(d => d.SendId == sendId && d.PersonId == personId && (d.Status == MarketingDeliveryStatus.Sent || d.Status == MarketingDeliveryStatus.Unknown
                        || d.Status == MarketingDeliveryStatus.Sending || d.Status == MarketingDeliveryStatus.Delivered))
                    .ExecuteUpdateAsync(s => s.SetProperty(d => d.Status, marketingStatus).SetProperty(d => d.Reason, marketingReason)
                        .SetProperty(d => d.CompletedAt, now), ct);
            }
            applied++;
        }
        await transaction.CommitAsync(ct);
        return applied;
    }

    /// <summary>Records a callback item's key; false when it was recorded before (the push is a repeat).</summary>
    internal static async Task<bool> TryRecordAsync(LeadsDbContext db, string provider, string key, DateTime now, CancellationToken ct) =>
        await db.Database.ExecuteSqlAsync($@"INSERT INTO ""SmsCallbackReceipts"" (""Provider"", ""Key"", ""ReceivedAt"") VALUES ({provider}, {key}, {now})
            ON CONFLICT (""Provider"", ""Key"") DO NOTHING", ct) == 1;

    /// <summary>A de-dup key of at most 128 characters: the id itself when short, else its hash.</summary>
    internal static string Key(string kind, string id)
    {
        var key = kind + ":" + id;
        return key.Length <= 128 ? key : kind + ":" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(id)));
    }

    /// <summary>The marketing message id is "{sendId}-{personId}" (<see cref="MarketingGate"/>).</summary>
    private static (long SendId, string PersonId)? MarketingKey(string messageId)
    {
        var dash = messageId.IndexOf('-');
        return dash > 0 && long.TryParse(messageId.AsSpan(0, dash), out var sendId) ? (sendId, messageId[(dash + 1)..]) : null;
    }

    private static string Truncate(string s, int max) => s.Length <= max ? s : s[..max];
}

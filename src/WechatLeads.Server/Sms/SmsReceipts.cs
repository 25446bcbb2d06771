using System.Security.Cryptography;
using System.Text;
using Microsoft.EntityFrameworkCore;
using WechatLeads.Server.Data;

namespace WechatLeads.Server.Sms;

/// <summary>
/// Applies delivery receipts (回执): each item once (its key goes into <c>SmsCallbackReceipts</c> in the same
/// transaction as its effect), only to messages we sent (matched by the provider's id or our out-id), and onward to
/// whoever sent the message (<see cref="ISmsReceiptSink"/>: marketing marks the person's delivery), in the same transaction.
/// </summary>
internal sealed class SmsReceipts(LeadsDbContext db, IEnumerable<ISmsReceiptSink> sinks, TimeProvider time)
{
    /// <summary>One receipt: its de-dup key, the provider's message id, our message id when echoed, the outcome and the carrier's reason.</summary>
    public sealed record Receipt(string Key, string? ProviderMessageId, string? OurMessageId, bool Delivered, string? Reason);

    /// <returns>How many receipts changed something (repeats and receipts for messages we don't know change nothing).</returns>
    public async Task<int> ApplyAsync(string provider, IReadOnlyList<Receipt> receipts, CancellationToken ct)
    {
        var applied = 0;
        var outcomes = new List<bool>(); // counted once committed
        var now = time.GetUtcNow().UtcDateTime;
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        foreach (var r in receipts)
        {
            if (!await TryRecordAsync(db, provider, r.Key, now, ct)) continue; // a repeat
            var delivery = await db.Set<SmsDelivery>().AsNoTracking()
                .Where(d => d.Provider == provider
                    && ((r.ProviderMessageId != null && d.ProviderMessageId == r.ProviderMessageId)
                        || (r.OurMessageId != null && d.MessageId == r.OurMessageId)))
                .FirstOrDefaultAsync(ct);
            if (delivery is null) continue; // not one of ours: nothing to change
            var status = r.Delivered ? SmsDeliveryStatus.Delivered : SmsDeliveryStatus.Failed;
            var reason = r.Delivered ? null : Truncate("receipt: " + (r.Reason ?? "unknown"), 200);
            await db.Set<SmsDelivery>().Where(d => d.MessageId == delivery.MessageId)
                .ExecuteUpdateAsync(s => s.SetProperty(d => d.Status, status).SetProperty(d => d.Reason, reason)
                    .SetProperty(d => d.ProviderMessageId, d => d.ProviderMessageId ?? r.ProviderMessageId)
                    .SetProperty(d => d.ReportedAt, now).SetProperty(d => d.UpdatedAt, now), ct);
            foreach (var sink in sinks) await sink.ApplyAsync(db, delivery, r.Delivered, r.Reason, now, ct);
            outcomes.Add(r.Delivered);
            applied++;
        }
        await transaction.CommitAsync(ct);
        foreach (var delivered in outcomes) Telemetry.ServerMetrics.Sms(provider, delivered ? SmsDeliveryStatus.Delivered : "undelivered");
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

    internal static string Truncate(string s, int max) => s.Length <= max ? s : s[..max];
}

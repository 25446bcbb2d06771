using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using WechatLeads.Server.Data;

namespace WechatLeads.Server.Sms;

/// <summary>
/// Keeps the SMS tables small: callback de-dup keys outlive the providers' retries (Tencent retries twice within
/// minutes, Aliyun within hours) by days; delivery records are kept long enough to answer "did my code arrive"
/// and to reconcile a send's receipts, then go.
/// </summary>
internal sealed class SmsRecordPurge(LeadsDbContext db, IOptionsMonitor<SmsOptions> options, TimeProvider time)
{
    public const string RecurringJobId = "sms-record-purge";

    public async Task<int> RunAsync(CancellationToken ct)
    {
        var (o, now) = (options.CurrentValue, time.GetUtcNow().UtcDateTime);
        var receiptsBefore = now - o.CallbackReceiptRetention;
        var deliveriesBefore = now - o.DeliveryRetention;
        return await db.Set<SmsCallbackReceipt>().Where(r => r.ReceivedAt < receiptsBefore).ExecuteDeleteAsync(ct)
            + await db.Set<SmsDelivery>().Where(d => d.UpdatedAt < deliveriesBefore).ExecuteDeleteAsync(ct);
    }
}

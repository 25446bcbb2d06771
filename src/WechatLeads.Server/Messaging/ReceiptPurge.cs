using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using WechatLeads.Server.Data;

namespace WechatLeads.Server.Messaging;

/// <summary>
/// Deletes de-duplication receipts past their retention; WeChat has long stopped retrying by then, and every
/// signature they remember is too old to pass the timestamp check.
/// </summary>
internal sealed class ReceiptPurge(LeadsDbContext db, IOptions<WebhookOptions> options, TimeProvider time)
{
    public const string RecurringJobId = "webhook-receipt-purge";

    public async Task<int> RunAsync(CancellationToken cancellationToken)
    {
        var cutoff = time.GetUtcNow().UtcDateTime - options.Value.ReceiptRetention; // validated at start: outlives every fresh timestamp
        return await db.Set<WebhookReceipt>().Where(r => r.ReceivedAt < cutoff).ExecuteDeleteAsync(cancellationToken);
    }
}

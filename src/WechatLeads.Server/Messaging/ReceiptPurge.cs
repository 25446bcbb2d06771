using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using WechatLeads.Server.Data;

namespace WechatLeads.Server.Messaging;

/// <summary>Deletes de-duplication receipts past their retention; WeChat has long stopped retrying by then.</summary>
public sealed class ReceiptPurge(LeadsDbContext db, IOptions<WebhookOptions> options, TimeProvider time)
{
    public const string RecurringJobId = "webhook-receipt-purge";

    public async Task<int> RunAsync(CancellationToken cancellationToken)
    {
        var retention = options.Value.ReceiptRetention < TimeSpan.FromMinutes(1) ? TimeSpan.FromMinutes(1) : options.Value.ReceiptRetention;
        var cutoff = time.GetUtcNow().UtcDateTime - retention;
        return await db.Set<WebhookReceipt>().Where(r => r.ReceivedAt < cutoff).ExecuteDeleteAsync(cancellationToken);
    }
}

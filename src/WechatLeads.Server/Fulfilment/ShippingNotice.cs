using Microsoft.EntityFrameworkCore;
using WechatLeads.Server.Campaigns;
using WechatLeads.Server.Data;
using WechatLeads.Server.SubscribeMessages;

namespace WechatLeads.Server.Fulfilment;

/// <summary>The 发货通知 a winner subscribed to: the prize, carrier and tracking number of a shipped fulfilment.</summary>
internal sealed class ShippingNotice(LeadsDbContext db) : ISubscribeNoticeValues
{
    public string Purpose => SubscribePurposes.Shipping;

    public async Task<Dictionary<string, string>?> ValuesAsync(string fulfilmentId, string subjectKey, CancellationToken ct)
    {
        var f = await db.Set<PrizeFulfilment>().AsNoTracking().Where(x => x.Id == fulfilmentId)
            .Select(x =>
                new { x.Carrier, x.TrackingNumber, x.ShippedAt, Prize = db.Set<Prize>().Where(p => p.Id == x.PrizeId).Select(p => p.Name).FirstOrDefault() })
            .SingleOrDefaultAsync(ct);
        return f is null ? null : new Dictionary<string, string>
        {
            ["prize"] = f.Prize ?? "奖品",
            ["carrier"] = f.Carrier ?? "",
            ["trackingNumber"] = f.TrackingNumber ?? "",
            ["shippedAt"] = SubscribeNotices.BeijingMinute(f.ShippedAt ?? DateTime.UtcNow),
            ["note"] = "您的奖品已发出，请留意查收",
        };
    }
}

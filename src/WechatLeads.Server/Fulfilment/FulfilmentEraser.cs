using Microsoft.EntityFrameworkCore;
using WechatLeads.Server.Data;
using WechatLeads.Server.Followers;

namespace WechatLeads.Server.Fulfilment;

/// <summary>
/// On unfollow, a deletion request or a revoked phone number (a fulfilment belongs to a lead's prize): the person's prize fulfilments, address and all. A prize
/// in transit
/// is then followed only by the carrier; nothing here links it to anyone. Idempotent (a delete by key).
/// </summary>
internal sealed class FulfilmentEraser(LeadsDbContext db) : IPersonalDataEraser, IPhoneDataEraser
{
    public async Task EraseAsync(string openId, string subjectKey, DateTime asOf, CancellationToken cancellationToken) =>
        await db.Set<PrizeFulfilment>().Where(f => f.SubjectKey == subjectKey && f.CreatedAt <= asOf).ExecuteDeleteAsync(cancellationToken);
}

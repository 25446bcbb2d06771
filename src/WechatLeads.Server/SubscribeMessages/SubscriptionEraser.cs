using Microsoft.EntityFrameworkCore;
using WechatLeads.Server.Data;
using WechatLeads.Server.Followers;

namespace WechatLeads.Server.SubscribeMessages;

/// <summary>
/// On erasure: the person's subscription answers (they hold the openid that addresses them) and the record of
/// the notices sent to them. Idempotent.
/// </summary>
internal sealed class SubscriptionEraser(LeadsDbContext db) : IPersonalDataEraser
{
    public async Task EraseAsync(string openId, string subjectKey, DateTime asOf, CancellationToken cancellationToken)
    {
        await db.Set<SubscriptionGrant>().Where(g => g.SubjectKey == subjectKey).ExecuteDeleteAsync(cancellationToken);
        await db.Set<SubscribeSend>().Where(s => s.SubjectKey == subjectKey).ExecuteDeleteAsync(cancellationToken);
    }
}

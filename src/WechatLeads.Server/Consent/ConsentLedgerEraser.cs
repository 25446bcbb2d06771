using Microsoft.EntityFrameworkCore;
using WechatLeads.Server.Data;

namespace WechatLeads.Server.Consent;

/// <summary>
/// On erasure the ledger keeps its rows — they are the evidence PIPL asks us to keep — but loses the
/// openid and the request details that could identify the person; the keyed hash keeps it linkable.
/// </summary>
internal sealed class ConsentLedgerEraser(LeadsDbContext db) : IPersonalDataEraser, IPhoneDataEraser
{
    public Task EraseAsync(string openId, string subjectKey, DateTime asOf, CancellationToken cancellationToken) =>
        db.Set<ConsentEvent>().Where(e => e.SubjectKey == subjectKey)
            .ExecuteUpdateAsync(s => s
                .SetProperty(e => e.OpenId, (string?)null)
                .SetProperty(e => e.Ip, (string?)null)
                .SetProperty(e => e.UserAgent, (string?)null), cancellationToken);
}

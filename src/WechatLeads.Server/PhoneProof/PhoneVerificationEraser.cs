using Microsoft.EntityFrameworkCore;
using WechatLeads.Server.Data;
using WechatLeads.Server.Followers;

namespace WechatLeads.Server.PhoneProof;

/// <summary>
/// A person's SMS proofs of a number (ciphertext and blind index of the number they typed). Retention deletes
/// them a day after their code expires; a revoked phone authorisation or a deleted WeChat account deletes them now.
/// </summary>
internal sealed class PhoneVerificationEraser(LeadsDbContext db) : IPhoneDataEraser
{
    public Task EraseAsync(string openId, string subjectKey, DateTime asOf, CancellationToken cancellationToken) =>
        db.Set<PhoneVerification>().Where(v => v.SubjectKey == subjectKey).ExecuteDeleteAsync(cancellationToken);
}

using Microsoft.EntityFrameworkCore;
using WechatLeads.Server.Data;
using WechatLeads.Server.Followers;
using WechatLeads.Server.MiniProgram;

namespace WechatLeads.Server.Leads;

/// <summary>
/// On unfollow, a deletion request or a revoked phone number (a lead is a number that joined a campaign): the person's leads made with this WeChat identity,
/// their
/// participations, the phone number once no other lead needs it, and mini-program sessions. The wallet's coupons go with
/// <c>Coupons/CouponEraser</c>.
/// </summary>
internal sealed class LeadEraser(LeadsDbContext db, SessionTokenCache recentSessions) : IPersonalDataEraser, IPhoneDataEraser
{
    public async Task EraseAsync(string openId, string subjectKey, DateTime asOf, CancellationToken cancellationToken)
    {
        var leads = await db.Set<Lead>().Where(l => l.SubjectKey == subjectKey && l.CreatedAt <= asOf)
            .Select(l => new { l.Id, l.PersonId }).ToListAsync(cancellationToken);
        var leadIds = leads.Select(l => l.Id).ToList();
        var personIds = leads.Select(l => l.PersonId).Distinct().ToList();
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        await OptOutCarryOver.PreserveAsync(db, leadIds, asOf, cancellationToken);
        await db.Set<ParticipationRecord>().Where(p => leadIds.Contains(p.LeadId)).ExecuteDeleteAsync(cancellationToken);
        await db.Set<Lead>().Where(l => leadIds.Contains(l.Id)).ExecuteDeleteAsync(cancellationToken);
        await db.Set<Person>().Where(p => personIds.Contains(p.Id) && !db.Set<Lead>().Any(l => l.PersonId == p.Id)).ExecuteDeleteAsync(cancellationToken);
        await db.Set<MiniProgramSession>().Where(s => s.OpenId == openId).ExecuteDeleteAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        recentSessions.ForgetOpenId(openId);
    }
}

using Microsoft.EntityFrameworkCore;
using WechatLeads.Server.Data;
using WechatLeads.Server.Leads;
using WechatLeads.Server.SubscribeMessages;

namespace WechatLeads.Server.DataRights;

/// <summary>The notice after a phone correction: the new number masked, and when it changed.</summary>
internal sealed class PhoneChangedNotice(LeadsDbContext db, PhoneProtector phones) : ISubscribeNoticeValues
{
    public string Purpose => SubscribePurposes.PhoneChanged;

    public async Task<Dictionary<string, string>?> ValuesAsync(string requestId, string subjectKey, CancellationToken ct)
    {
        var completedAt = await db.Set<DataSubjectRequest>().AsNoTracking().Where(r => r.Id == requestId).Select(r => r.CompletedAt).SingleOrDefaultAsync(ct);
        var cipher = await db.Set<Lead>().AsNoTracking().Where(l => l.SubjectKey == subjectKey)
            .Join(db.Set<Person>(), l => l.PersonId, p => p.Id, (_, p) => p.PhoneCipher).FirstOrDefaultAsync(ct);
        return completedAt is null || cipher is null ? null : new Dictionary<string, string>
        {
            ["phone"] = phones.MaskStored(cipher),
            ["changedAt"] = SubscribeNotices.BeijingMinute(completedAt.Value),
            ["note"] = "如非本人操作，请联系客服",
        };
    }
}

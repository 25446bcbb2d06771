using Microsoft.EntityFrameworkCore;
using WechatLeads.Server.Data;
using WechatLeads.Server.Jobs;
using WechatLeads.Server.Leads;
using WechatLeads.Server.Participation;
using WechatLeads.Server.PhoneProof;
using WechatLeads.Server.Platform.Identity;

namespace WechatLeads.Server.DataRights;

/// <summary>
/// The data-subject requests both front ends (H5 and mini-program) call: access (download a copy), delete,
/// correct the phone. Each is recorded with its 15-working-day deadline; a verified correction completes at
/// once, a deletion is committed with its job and completed by it, an access request is answered by Compliance.
/// </summary>
internal sealed class DataRequests(
    LeadsDbContext db, DurableWriteQueue writes, PersonalDataExport export, PhoneCodes codes, TimeProvider time)
{
    /// <summary>What is held, for the person to look at (<c>/h5/me</c>, <c>GET /api/me</c>): looking is not a request.</summary>
    public Task<PersonalDataExport.Copy> ViewAsync(Participant who, CancellationToken ct) => export.BuildAsync(who.SubjectKey, ct);

    /// <summary>
    /// A download of one's copy: handed over at once, and recorded as an access request Compliance answers
    /// within the deadline (other systems, questions about the processing). While it is open, the same
    /// person's further downloads are that request: the insert is conditional on the unique open key, so
    /// repeats — even in parallel — never add rows, and the list Compliance works from can't be flooded.
    /// </summary>
    public async Task<PersonalDataExport.Copy> DownloadAsync(Participant who, CancellationToken ct)
    {
        var copy = await export.BuildAsync(who.SubjectKey, ct);
        var (id, openKey, now) = (Ids.New(), OpenAccessKey(who.SubjectKey), Now);
        var (type, status, due) = (DataRequestTypes.Access, DataRequestStatus.Received, WorkingDays.Add(now, 15));
        await db.Database.ExecuteSqlAsync($@"INSERT INTO ""DataSubjectRequests"" (""Id"", ""Type"", ""SubjectKey"", ""Channel"", ""ReceivedAt"", ""DueAt"",
            ""Status"", ""OpenKey"")
            VALUES ({id}, {type}, {who.SubjectKey}, {who.Channel}, {now}, {due}, {status}, {openKey}) ON CONFLICT (""OpenKey"") DO NOTHING", ct);
        return copy;
    }

    /// <summary>Compliance has answered an open access request; false when there is no such open request.</summary>
    public async Task<bool> AnswerAsync(string requestId, CancellationToken ct)
    {
        var now = Now;
        return await db.Set<DataSubjectRequest>()
            .Where(r => r.Id == requestId && r.Type == DataRequestTypes.Access && r.Status == DataRequestStatus.Received)
            .ExecuteUpdateAsync(s => s.SetProperty(r => r.Status, DataRequestStatus.Completed).SetProperty(r => r.CompletedAt, now)
                .SetProperty(r => r.OpenKey, (string?)null), ct) == 1;
    }

    private static string OpenAccessKey(string subjectKey) => DataRequestTypes.Access + ":" + subjectKey;

    /// <summary>Commits the request and its erase job together; returns the request id.</summary>
    public async Task<DataSubjectRequest> RequestDeletionAsync(Participant who, CancellationToken ct)
    {
        var now = Now;
        var request = new DataSubjectRequest
        {
            Id = Ids.New(),
            Type = DataRequestTypes.Delete,
            SubjectKey = who.SubjectKey,
            Channel = who.Channel,
            ReceivedAt = now,
            DueAt = WorkingDays.Add(now, 15),
        };
        await writes.SubmitAsync(
            null,
            [new DataRequestWrite(request), new OutboxWrite(EraseOnRequest.Kind, new EraseOnRequest.Payload(request.Id, who.OpenId, who.SubjectKey))],
            ct);
        return request;
    }

    public enum CodeOutcome { Sent, InvalidPhone, TooMany, NothingToCorrect, Unavailable }

    /// <summary>
    /// Sends a 6-digit code to the new number; the change happens only when the code comes back. The answer
    /// never depends on whether the new number is known to us (that would let anyone test numbers against
    /// the database): only on the caller's own data and attempts.
    /// </summary>
    public async Task<(CodeOutcome Outcome, string? VerificationId, DateTime RetryAt)> SendCodeAsync(Participant who, string input, CancellationToken ct)
    {
        if (!PhoneNumber.TryParse(input, out var phone)) return (CodeOutcome.InvalidPhone, null, Now);
        if (!await db.Set<Lead>().AnyAsync(l => l.SubjectKey == who.SubjectKey, ct)) return (CodeOutcome.NothingToCorrect, null, Now);
        var sent = await codes.SendAsync(who, phone.Value, PhoneCodePurposes.Correction, ct);
        return sent.Status switch
        {
            PhoneCodes.SendStatus.Sent => (CodeOutcome.Sent, sent.VerificationId, sent.RetryAt),
            PhoneCodes.SendStatus.Unavailable => (CodeOutcome.Unavailable, null, sent.RetryAt),
            _ => (CodeOutcome.TooMany, null, sent.RetryAt),
        };
    }

    public enum VerifyOutcome { Corrected, WrongCode, Expired, AlreadyInCampaign, NothingToCorrect }

    /// <summary>
    /// The code came back: this identity's leads move to the proven person of the new number (made if new). The
    /// number is now proven by this person, so joining whoever else proved it is joining oneself; only a campaign
    /// where that number already has a lead can't take a second one.
    /// </summary>
    public async Task<VerifyOutcome> VerifyAsync(Participant who, string verificationId, string code, CancellationToken ct)
    {
        var check = await codes.CheckByIdAsync(who, verificationId, PhoneCodePurposes.Correction, code, ct);
        if (check.Status == PhoneCodes.CheckStatus.Wrong) return VerifyOutcome.WrongCode;
        if (check.Status != PhoneCodes.CheckStatus.Valid) return VerifyOutcome.Expired;
        var verification = await db.Set<PhoneVerification>().AsNoTracking().SingleAsync(v => v.Id == verificationId, ct);
        var now = Now;

        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        if (await db.Set<PhoneVerification>().Where(v => v.Id == verificationId && v.UsedAt == null)
                .ExecuteUpdateAsync(s => s.SetProperty(v => v.UsedAt, now), ct) == 0)
            return VerifyOutcome.Expired;
        var personIds = await db.Set<Lead>().Where(l => l.SubjectKey == who.SubjectKey).Select(l => l.PersonId).Distinct().ToListAsync(ct);
        if (personIds.Count == 0) return VerifyOutcome.NothingToCorrect; // erased since the code was sent

        var (newId, index, cipher) = (Ids.New(), verification.PhoneIndex, verification.PhoneCipher);
        await db.Database.ExecuteSqlAsync($@"INSERT INTO ""Persons"" (""Id"", ""PhoneIndex"", ""PhoneCipher"", ""CreatedAt"", ""Proven"")
            VALUES ({newId}, {index}, {cipher}, {now}, TRUE) ON CONFLICT (""PhoneIndex"", ""Proven"") DO NOTHING", ct);
        var target = await db.Set<Person>().Where(p => p.PhoneIndex == index && p.Proven).Select(p => p.Id).SingleAsync(ct);
        var clash = await db.Set<Lead>().AnyAsync(l => l.SubjectKey == who.SubjectKey && l.PersonId != target
            && db.Set<Lead>().Any(o => o.PersonId == target && o.CampaignId == l.CampaignId), ct);
        if (clash) return VerifyOutcome.AlreadyInCampaign; // the transaction is rolled back: the code stays unspent
        await db.Set<Lead>().Where(l => l.SubjectKey == who.SubjectKey)
            .ExecuteUpdateAsync(s => s.SetProperty(l => l.PersonId, target).SetProperty(l => l.PhoneProof, PhoneProofs.Sms), ct);
        await db.Set<Person>().Where(p => personIds.Contains(p.Id) && p.Id != target && !db.Set<Lead>().Any(l => l.PersonId == p.Id)).ExecuteDeleteAsync(ct);
        var request = new DataSubjectRequest
        {
            Id = Ids.New(),
            Type = DataRequestTypes.Correct,
            SubjectKey = who.SubjectKey,
            Channel = who.Channel,
            ReceivedAt = verification.CreatedAt,
            DueAt = WorkingDays.Add(verification.CreatedAt, 15),
            Status = DataRequestStatus.Completed,
            CompletedAt = now,
        };
        db.Add(request);
        // The confirmation to the mini-program user (a subscribe message, when they accepted one), with the change.
        SubscribeMessages.SubscribeNotices.Promise(db, SubscribeMessages.SubscribePurposes.PhoneChanged, request.Id, who.SubjectKey, now);
        await db.SaveChangesAsync(ct);
        await transaction.CommitAsync(ct);
        return VerifyOutcome.Corrected;
    }

    private DateTime Now => time.GetUtcNow().UtcDateTime;
}

using WechatLeads.Server.Sms;
using System.Security.Cryptography;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using WechatLeads.Server.Data;
using WechatLeads.Server.Jobs;
using WechatLeads.Server.Leads;
using WechatLeads.Server.Marketing;
using WechatLeads.Server.Participation;

namespace WechatLeads.Server.DataRights;

/// <summary>
/// The data-subject requests both front ends (H5 and mini-program) call: access (download a copy), delete,
/// correct the phone. Each is recorded with its 15-working-day deadline; a verified correction completes at
/// once, a deletion is committed with its job and completed by it, an access request is answered by Compliance.
/// </summary>
public sealed class DataRequests(
    LeadsDbContext db, DurableWriteQueue writes, PersonalDataExport export, PhoneProtector phones, ISmsSender sms,
    IOptionsMonitor<MarketingOptions> marketing, Security.Keyring keyring, TimeProvider time)
{
    // Keyed, and bound to the verification and its person: a database reader can't read a code back from its hash
    // (a million guesses of a bare hash take a second), and a row written by hand has no hash that matches any code.
    private readonly byte[] _codeKey = keyring.Derive("phone-code-v1");

    public const int MaxCodesPerHour = 5;
    private static readonly TimeSpan CodeLifetime = TimeSpan.FromMinutes(10);

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
        await db.Database.ExecuteSqlAsync($@"INSERT INTO ""DataSubjectRequests"" (""Id"", ""Type"", ""SubjectKey"", ""Channel"", ""ReceivedAt"", ""DueAt"", ""Status"", ""OpenKey"")
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
            Id = Ids.New(), Type = DataRequestTypes.Delete, SubjectKey = who.SubjectKey, Channel = who.Channel, ReceivedAt = now, DueAt = WorkingDays.Add(now, 15),
        };
        await writes.SubmitAsync(null, [new DataRequestWrite(request), new OutboxWrite(EraseOnRequest.Kind, new EraseOnRequest.Payload(request.Id, who.OpenId, who.SubjectKey))], ct);
        return request;
    }

    public enum CodeOutcome { Sent, InvalidPhone, TakenByAnother, TooMany, NothingToCorrect, NoGateway }

    /// <summary>Sends a 6-digit code to the new number; the change happens only when the code comes back.</summary>
    public async Task<(CodeOutcome Outcome, string? VerificationId)> SendCodeAsync(Participant who, string input, CancellationToken ct)
    {
        if (!PhoneNumber.TryParse(input, out var phone)) return (CodeOutcome.InvalidPhone, null);
        if (sms is NoSmsGateway) return (CodeOutcome.NoGateway, null);
        var mine = db.Set<Lead>().Where(l => l.SubjectKey == who.SubjectKey).Select(l => l.PersonId);
        if (!await mine.AnyAsync(ct)) return (CodeOutcome.NothingToCorrect, null);
        var index = phones.BlindIndex(phone.Value);
        if (await db.Set<Person>().AnyAsync(p => p.PhoneIndex == index && !mine.Contains(p.Id), ct)) return (CodeOutcome.TakenByAnother, null);
        var hourAgo = Now.AddHours(-1);
        if (await db.Set<PhoneVerification>().CountAsync(v => v.SubjectKey == who.SubjectKey && v.CreatedAt > hourAgo, ct) >= MaxCodesPerHour)
            return (CodeOutcome.TooMany, null);

        var code = RandomNumberGenerator.GetInt32(0, 1_000_000).ToString("D6");
        var verification = new PhoneVerification
        {
            Id = Ids.New(), SubjectKey = who.SubjectKey, PhoneCipher = phones.Encrypt(phone.Value), PhoneIndex = index,
            CodeHash = "", CreatedAt = Now, ExpiresAt = Now + CodeLifetime,
        };
        verification.CodeHash = Hash(verification, code);
        db.Add(verification);
        await db.SaveChangesAsync(ct);
        await sms.SendAsync(new SmsMessage("verify-" + verification.Id, phone.Value.Digits, SmsPurposes.Correction, [new("code", code), new("minutes", "10")],
            $"【{marketing.CurrentValue.SenderName}】您正在更正手机号，验证码 {code}，10 分钟内有效。如非本人操作请忽略。"), ct);
        return (CodeOutcome.Sent, verification.Id);
    }

    public enum VerifyOutcome { Corrected, WrongCode, Expired, TakenByAnother, NothingToCorrect }

    public async Task<VerifyOutcome> VerifyAsync(Participant who, string verificationId, string code, CancellationToken ct)
    {
        var now = Now;
        // One attempt counted per try, conditionally, so parallel guesses can't exceed the limit.
        var counted = await db.Set<PhoneVerification>()
            .Where(v => v.Id == verificationId && v.SubjectKey == who.SubjectKey && v.UsedAt == null && v.ExpiresAt > now && v.Attempts < PhoneVerification.MaxAttempts)
            .ExecuteUpdateAsync(s => s.SetProperty(v => v.Attempts, v => v.Attempts + 1), ct);
        if (counted == 0) return VerifyOutcome.Expired;
        var verification = await db.Set<PhoneVerification>().AsNoTracking().SingleAsync(v => v.Id == verificationId, ct);
        if (!CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(verification.CodeHash), Encoding.ASCII.GetBytes(Hash(verification, code.Trim()))))
            return VerifyOutcome.WrongCode;
        if (await db.Set<PhoneVerification>().Where(v => v.Id == verificationId && v.UsedAt == null)
                .ExecuteUpdateAsync(s => s.SetProperty(v => v.UsedAt, now), ct) == 0)
            return VerifyOutcome.Expired;

        var personIds = await db.Set<Lead>().Where(l => l.SubjectKey == who.SubjectKey).Select(l => l.PersonId).Distinct().ToListAsync(ct);
        if (personIds.Count == 0) return VerifyOutcome.NothingToCorrect; // erased since the code was sent
        // The number may also belong to leads made through another WeChat identity (the mini-program, say):
        // those are not this person's to change, so this identity's leads move to a new number of their own.
        var shared = await db.Set<Lead>().AnyAsync(l => personIds.Contains(l.PersonId) && l.SubjectKey != who.SubjectKey, ct);
        try
        {
            await using var transaction = await db.Database.BeginTransactionAsync(ct);
            if (!shared && personIds.Count == 1)
            {
                await db.Set<Person>().Where(p => p.Id == personIds[0])
                    .ExecuteUpdateAsync(s => s.SetProperty(p => p.PhoneCipher, verification.PhoneCipher).SetProperty(p => p.PhoneIndex, verification.PhoneIndex), ct);
            }
            else
            {
                var fresh = new Person { Id = Ids.New(), PhoneIndex = verification.PhoneIndex, PhoneCipher = verification.PhoneCipher, CreatedAt = now };
                db.Add(fresh);
                await db.SaveChangesAsync(ct);
                await db.Set<Lead>().Where(l => l.SubjectKey == who.SubjectKey).ExecuteUpdateAsync(s => s.SetProperty(l => l.PersonId, fresh.Id), ct);
                await db.Set<Person>().Where(p => personIds.Contains(p.Id) && !db.Set<Lead>().Any(l => l.PersonId == p.Id)).ExecuteDeleteAsync(ct);
            }
            db.Add(new DataSubjectRequest
            {
                Id = Ids.New(), Type = DataRequestTypes.Correct, SubjectKey = who.SubjectKey, Channel = who.Channel, ReceivedAt = verification.CreatedAt,
                DueAt = WorkingDays.Add(verification.CreatedAt, 15), Status = DataRequestStatus.Completed, CompletedAt = now,
            });
            await db.SaveChangesAsync(ct);
            await transaction.CommitAsync(ct);
        }
        catch (Exception e) when (e is DbUpdateException or System.Data.Common.DbException)
        {
            return VerifyOutcome.TakenByAnother; // someone else registered the number meanwhile (unique blind index)
        }
        return VerifyOutcome.Corrected;
    }

    private string Hash(PhoneVerification v, string code) =>
        Convert.ToHexStringLower(HMACSHA256.HashData(_codeKey, Encoding.UTF8.GetBytes($"{v.Id}|{v.SubjectKey}|{v.PhoneIndex}|{v.PhoneCipher}|{code}")));

    private DateTime Now => time.GetUtcNow().UtcDateTime;
}

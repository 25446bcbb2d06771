using System.Security.Cryptography;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using WechatLeads.Server.Data;
using WechatLeads.Server.Jobs;
using WechatLeads.Server.Leads;
using WechatLeads.Server.Marketing;
using WechatLeads.Server.Participation;
using WechatLeads.Server.Platform.Identity;
using WechatLeads.Server.Sms;

namespace WechatLeads.Server.PhoneProof;

/// <summary>
/// Proof that a typed number belongs to the person typing it: a 6-digit code sent to it by SMS and typed back
/// by the same WeChat identity. Nothing here looks at whether the number is already known to us — the answers
/// depend only on the caller's own attempts — so asking for codes tells nobody anything about anyone.
/// </summary>
internal sealed class PhoneCodes(
    LeadsDbContext db, DurableWriteQueue writes, PhoneProtector phones, ISmsSender sms, SmsDeliveryLog deliveries, SmsSignature signature,
    Security.Keyring keyring, TimeProvider time, ILogger<PhoneCodes> logger)
{
    // Keyed, and bound to the row and its person: a database reader can't read a code back from its hash
    // (a million guesses of a bare hash take a second), and a row written by hand has no hash that matches any code.
    private readonly byte[] _codeKey = keyring.Derive("phone-code-v1");

    public enum SendStatus { Sent, ResendTooSoon, TooMany, Unavailable }

    /// <param name="VerificationId">The code's row, for flows that name it when the code comes back (phone correction).</param>
    /// <param name="RetryAt">When the person may ask again (after a refusal) or resend (after a send).</param>
    public sealed record SendResult(SendStatus Status, string? VerificationId, DateTime RetryAt);

    /// <summary>Counts the attempt against the caps, records the code, then sends it. The caller has already parsed the number.</summary>
    public async Task<SendResult> SendAsync(Participant who, PhoneNumber phone, string purpose, CancellationToken ct)
    {
        var code = RandomNumberGenerator.GetInt32(0, 1_000_000).ToString("D" + PhoneCodeRules.Digits);
        var row = new PhoneVerification
        {
            Id = Ids.New(),
            Purpose = purpose,
            SubjectKey = who.SubjectKey,
            PhoneCipher = phones.Encrypt(phone),
            PhoneIndex = phones.BlindIndex(phone),
            CodeHash = "",
        };
        row.CodeHash = Hash(row, code);
        var write = new IssuePhoneCodeWrite(row);
        await writes.SubmitAsync(null, [write], ct);
        switch (write.Result)
        {
            case IssuePhoneCodeWrite.Outcome.ResendTooSoon: return new(SendStatus.ResendTooSoon, null, write.RetryAt);
            case IssuePhoneCodeWrite.Outcome.NumberCapReached or IssuePhoneCodeWrite.Outcome.PersonCapReached:
                return new(
                SendStatus.TooMany,
                null,
                write.RetryAt);
        }

        var minutes = ((int)PhoneCodeRules.Lifetime.TotalMinutes).ToString();
        var (smsPurpose, doing) = purpose switch
        {
            PhoneCodePurposes.Correction => (SmsPurposes.Correction, "更正手机号"),
            PhoneCodePurposes.StaffTest => (SmsPurposes.Verification, "设置营销测试接收号码"),
            _ => (SmsPurposes.Verification, "参加活动"),
        };
        var message = new SmsMessage(PhoneVerification.MessageIdOf(row.Id), phone.Digits, smsPurpose, [new("code", code), new("minutes", minutes)],
            signature.Sign($"您正在{doing}，验证码 {code}，{minutes} 分钟内有效。如非本人操作请忽略。"));
        try
        {
            if ((await sms.SendAsync(message, ct)).Accepted) return new(SendStatus.Sent, row.Id, row.CreatedAt + PhoneCodeRules.ResendAfter);
            logger.LogWarning("The SMS provider refused a {Purpose} code", purpose);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // Never a silent success: the person is told to try again later, and the health check sees the failure.
            logger.LogWarning(e, "A {Purpose} code could not be sent", purpose);
        }
        return new(SendStatus.Unavailable, null, row.CreatedAt + PhoneCodeRules.ResendAfter);
    }

    public enum CheckStatus { Valid, Wrong, Expired, Missing }

    public sealed record CheckResult(CheckStatus Status, string? VerificationId, int TriesLeft);

    /// <summary>
    /// Checks a typed code against the newest code this person asked for this number (an older one is superseded).
    /// Each try is counted first, conditionally, so parallel guesses can't exceed the tries. Does not spend the
    /// code: the flow it proves spends it in its own transaction (<see cref="PhoneCodeSql.Spend"/>).
    /// </summary>
    public async Task<CheckResult> CheckAsync(Participant who, PhoneNumber phone, string purpose, string? typed, CancellationToken ct)
    {
        var index = phones.BlindIndex(phone);
        var row = await db.Set<PhoneVerification>().AsNoTracking()
            .Where(v => v.SubjectKey == who.SubjectKey && v.PhoneIndex == index && v.Purpose == purpose)
            .OrderByDescending(v => v.CreatedAt).FirstOrDefaultAsync(ct);
        return row is null ? new(CheckStatus.Missing, null, 0) : await CheckRowAsync(row, typed, ct);
    }

    /// <summary>Checks a code named by its row id, for the person who asked for it.</summary>
    public async Task<CheckResult> CheckByIdAsync(Participant who, string verificationId, string purpose, string? typed, CancellationToken ct)
    {
        var row = await db.Set<PhoneVerification>().AsNoTracking()
            .SingleOrDefaultAsync(v => v.Id == verificationId && v.SubjectKey == who.SubjectKey && v.Purpose == purpose, ct);
        return row is null ? new(CheckStatus.Missing, null, 0) : await CheckRowAsync(row, typed, ct);
    }

    private async Task<CheckResult> CheckRowAsync(PhoneVerification row, string? typed, CancellationToken ct)
    {
        var now = time.GetUtcNow().UtcDateTime;
        var counted = await db.Set<PhoneVerification>()
            .Where(v => v.Id == row.Id && v.UsedAt == null && v.ExpiresAt > now && v.Attempts < PhoneCodeRules.MaxTries)
            .ExecuteUpdateAsync(s => s.SetProperty(v => v.Attempts, v => v.Attempts + 1), ct);
        if (counted == 0) return new(CheckStatus.Expired, null, 0);
        var triesLeft = PhoneCodeRules.MaxTries - row.Attempts - 1;
        var normalised = Normalise(typed);
        if (normalised is null
            || !CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(row.CodeHash), Encoding.ASCII.GetBytes(Hash(row, normalised))))
            return new(triesLeft > 0 ? CheckStatus.Wrong : CheckStatus.Expired, null, triesLeft);
        return new(CheckStatus.Valid, row.Id, triesLeft);
    }

    /// <summary>The newest code this person asked for this number, and what its provider reported about it.</summary>
    /// <param name="Delivery">sent, delivered, failed or unknown (see SmsDeliveryStatus); null before any report, and in the sandbox.</param>
    public sealed record LatestCode(DateTime SentAt, DateTime ExpiresAt, string? Delivery);

    public async Task<LatestCode?> LatestAsync(Participant who, PhoneNumber phone, CancellationToken ct)
    {
        var index = phones.BlindIndex(phone);
        var row = await db.Set<PhoneVerification>().AsNoTracking().Where(v => v.SubjectKey == who.SubjectKey && v.PhoneIndex == index)
            .OrderByDescending(v => v.CreatedAt).Select(v => new { v.Id, v.CreatedAt, v.ExpiresAt }).FirstOrDefaultAsync(ct);
        if (row is null) return null;
        var delivery = await deliveries.StatusAsync(PhoneVerification.MessageIdOf(row.Id), ct);
        return new LatestCode(row.CreatedAt, row.ExpiresAt, delivery?.Status);
    }

    /// <summary>The 6 digits of what was typed (full-width digits and spaces allowed), or null when it can't be a code.</summary>
    public static string? Normalise(string? typed)
    {
        if (string.IsNullOrWhiteSpace(typed) || typed.Length > 16) return null;
        var digits = new StringBuilder(PhoneCodeRules.Digits);
        foreach (var raw in typed)
        {
            var c = raw is >= '０' and <= '９' ? (char)(raw - '０' + '0') : raw;
            if (c is >= '0' and <= '9') digits.Append(c);
            else if (!char.IsWhiteSpace(c)) return null;
        }
        return digits.Length == PhoneCodeRules.Digits ? digits.ToString() : null;
    }

    private string Hash(PhoneVerification v, string code) =>
        Convert.ToHexStringLower(HMACSHA256.HashData(_codeKey, Encoding.UTF8.GetBytes($"{v.Id}|{v.SubjectKey}|{v.PhoneIndex}|{v.PhoneCipher}|{code}")));
}

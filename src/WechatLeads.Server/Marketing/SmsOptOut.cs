using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using WechatLeads.Server.Consent;
using WechatLeads.Server.Data;
using WechatLeads.Server.Leads;
using WechatLeads.Server.Sms;
using WechatLeads.Sms;

namespace WechatLeads.Server.Marketing;

/// <summary>
/// 回复TD退订 for SMS: a reply from a phone number withdraws marketing consent everywhere that number is
/// known — one withdrawal per WeChat identity the person joined with, so every future send's gate sees it —
/// committed before the gateway is answered, then confirmed by SMS. A real gateway's inbound callback calls
/// <see cref="HandleAsync(string, string, SmsReplyKey?, CancellationToken)"/> with the reply's de-dup key, so a
/// repeated push withdraws nothing twice and sends no second confirmation; the sandbox exposes it at
/// <c>POST /sandbox/sms/reply</c>.
/// </summary>
internal sealed class SmsOptOut(LeadsDbContext db, PhoneProtector phones, ISmsSender sms, IOptionsMonitor<MarketingOptions> options, TimeProvider time,
    ILogger<SmsOptOut> logger) : ISmsReplyHandler
{
    public const string Channel = "sms";

    /// <summary>One list for every SMS route (the provider library's): TD, T, N, R, 退订, 取消, full-width and any case.</summary>
    public static bool IsOptOut(string? text) => SmsOptOutWords.IsOptOut(text);

    /// <returns>False when the reply is not an opt-out (it is ignored).</returns>
    public Task<bool> HandleAsync(string phone, string text, CancellationToken ct) => HandleAsync(phone, text, null, ct);

    /// <param name="replay">The provider and the reply's id: recorded with the withdrawal, so a repeated push is answered without acting again.</param>
    /// <returns>False when the reply is not an opt-out (it is ignored).</returns>
    public async Task<bool> HandleAsync(string phone, string text, SmsReplyKey? replay, CancellationToken ct)
    {
        if (!IsOptOut(text) || !PhoneNumber.TryParse(phone, out var number)) return false;
        var index = phones.BlindIndex(number.Value);
        var subjects = await db.Set<Lead>().AsNoTracking()
            .Where(l => db.Set<Person>().Any(p => p.Id == l.PersonId && p.PhoneIndex == index))
            .Select(l => l.SubjectKey).Distinct().ToListAsync(ct);
        var now = time.GetUtcNow().UtcDateTime;
        await using (var transaction = await db.Database.BeginTransactionAsync(ct)) // one transaction: every identity or none, with the reply's key
        {
            if (replay is { } r && !await SmsReceipts.TryRecordAsync(db, r.Provider, r.Key, now, ct))
            {
                logger.LogInformation("SMS opt-out reply repeated by the provider: already recorded");
                return true;
            }
            ConsentLedgerWrites.Record(db, subjects.Select(s => ConsentEvent.MarketingWithdrawnEverywhere(s, null, Channel, now)));
            await db.SaveChangesAsync(ct);
            await transaction.CommitAsync(ct);
        }
        logger.LogInformation("SMS opt-out recorded for {Identities} WeChat identities", subjects.Count);
        // The reply's key makes the confirmation's id: should the same reply be processed twice, the sender's
        // record of the id refuses the second message.
        var messageId = replay is { } k
            ? "td-" + Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(k.Provider + "|" + k.Key)))[..40]
            : $"td-{index[..16]}-{now.Ticks}";
        try
        {
            await sms.SendAsync(new SmsMessage(messageId, number.Value.Digits, SmsPurposes.OptOutConfirmation, [],
                $"【{options.CurrentValue.SenderName}】您已退订营销短信，我们不会再向您发送营销信息。"), ct);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // The withdrawal is what matters, and it is committed; a lost confirmation is logged, not retried.
            logger.LogWarning(e, "SMS opt-out confirmation could not be sent");
        }
        return true;
    }
}

using WechatLeads.Server.Sms;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using WechatLeads.Server.Consent;
using WechatLeads.Server.Data;
using WechatLeads.Server.Leads;

namespace WechatLeads.Server.Marketing;

/// <summary>
/// 回复TD退订 for SMS: a reply from a phone number withdraws marketing consent everywhere that number is
/// known — one withdrawal per WeChat identity the person joined with, so every future send's gate sees it —
/// committed before the gateway is answered, then confirmed by SMS. A real gateway's inbound callback calls
/// <see cref="HandleAsync"/>; the sandbox exposes it at <c>POST /sandbox/sms/reply</c>.
/// </summary>
public sealed class SmsOptOut(LeadsDbContext db, PhoneProtector phones, ISmsSender sms, IOptionsMonitor<MarketingOptions> options, TimeProvider time,
    ILogger<SmsOptOut> logger)
{
    public const string Channel = "sms";

    public static bool IsOptOut(string? text) => text?.Trim().ToUpperInvariant() is "TD" or "T" or "退订" or "取消" or "N";

    /// <returns>False when the reply is not an opt-out (it is ignored).</returns>
    public async Task<bool> HandleAsync(string phone, string text, CancellationToken ct)
    {
        if (!IsOptOut(text) || !PhoneNumber.TryParse(phone, out var number)) return false;
        var index = phones.BlindIndex(number.Value);
        var subjects = await db.Set<Lead>().AsNoTracking()
            .Where(l => db.Set<Person>().Any(p => p.Id == l.PersonId && p.PhoneIndex == index))
            .Select(l => l.SubjectKey).Distinct().ToListAsync(ct);
        var now = time.GetUtcNow().UtcDateTime;
        db.AddRange(subjects.Select(s => new ConsentEvent
        {
            SubjectKey = s, Purpose = ConsentPurposes.Marketing, Action = ConsentActions.Withdrawn, Scope = "*", Channel = Channel, OccurredAt = now,
        }));
        await db.SaveChangesAsync(ct); // one transaction: every identity or none
        logger.LogInformation("SMS opt-out recorded for {Identities} WeChat identities", subjects.Count);
        try
        {
            await sms.SendAsync(new SmsMessage($"td-{index[..16]}-{now.Ticks}", number.Value.Digits, SmsPurposes.OptOutConfirmation, [],
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

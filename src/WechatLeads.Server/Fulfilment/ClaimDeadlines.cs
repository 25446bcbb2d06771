using Hangfire;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using WechatLeads.Server.Campaigns;
using WechatLeads.Server.Consent;
using WechatLeads.Server.Data;
using WechatLeads.Server.Leads;
using WechatLeads.Server.Marketing;
using WechatLeads.Server.Platform;
using WechatLeads.Server.Sms;

namespace WechatLeads.Server.Fulfilment;

/// <summary>
/// The hourly job for claim deadlines: (a) <c>Fulfilment:ReminderDaysBefore</c> days before the deadline, one SMS
/// to a winner who has not answered (a service message about their own prize — never marketing, so marketing
/// consent plays no part; the service consent every lead gave does), and (b) after the deadline, the prize is
/// marked unclaimed and returned to the inventory in the same transaction as that conditional change, so it
/// comes back exactly once however often (or on however many instances) the job runs.
/// </summary>
internal sealed class ClaimDeadlines(
    LeadsDbContext db, ISmsSender sms, PhoneProtector phones, IOptionsMonitor<FulfilmentOptions> options, IOptionsMonitor<SmsOptions> smsOptions,
    SmsSignature signature, TimeProvider time, ILogger<ClaimDeadlines> logger)
{
    public const string RecurringJobId = "prize-claim-deadlines";
    private const int Batch = 200;

    public sealed record RunResult(int Reminded, int Unclaimed);

    [AutomaticRetry(Attempts = 3)]
    [DisableConcurrentExecution(timeoutInSeconds: 600)]
    public async Task<RunResult> RunAsync(CancellationToken ct)
    {
        var unclaimed = await LapseAsync(ct);
        var reminded = await RemindAsync(ct);
        if (reminded + unclaimed > 0)
            logger.LogInformation("Prize claims: {Reminded} reminders sent, {Unclaimed} lapsed and returned to inventory", reminded, unclaimed);
        return new RunResult(reminded, unclaimed);
    }

    private async Task<int> LapseAsync(CancellationToken ct)
    {
        var now = time.GetUtcNow().UtcDateTime;
        var purge = now.AddDays(Math.Max(0, options.CurrentValue.AddressRetentionDays));
        var total = 0;
        string? after = null;
        while (true)
        {
            var due = await db.Set<PrizeFulfilment>().AsNoTracking()
                .Where(f => f.State == FulfilmentStates.AwaitingAddress && f.ClaimBy <= now && (after == null || string.Compare(f.Id, after) > 0))
                .OrderBy(f => f.Id).Take(Batch).Select(f => new { f.Id, f.PrizeId }).ToListAsync(ct);
            if (due.Count == 0) return total;
            after = due[^1].Id;
            await using var transaction = await db.Database.BeginTransactionAsync(ct);
            foreach (var f in due)
            {
                // Only the run whose update matched gives the prize back; a second run (or a winner who just answered) matches nothing.
                var lapsed = await db.Set<PrizeFulfilment>().Where(x => x.Id == f.Id && x.State == FulfilmentStates.AwaitingAddress && x.ClaimBy <= now)
                    .ExecuteUpdateAsync(s => s.SetProperty(x => x.State, FulfilmentStates.Unclaimed).SetProperty(x => x.UnclaimedAt, now)
                        .SetProperty(x => x.AddressPurgeAt, purge), ct);
                if (lapsed == 0) continue;
                await db.Set<Prize>().Where(p => p.Id == f.PrizeId).ExecuteUpdateAsync(s => s.SetProperty(p => p.Remaining, p => p.Remaining + 1), ct);
                total++;
            }
            await transaction.CommitAsync(ct);
        }
    }

    private async Task<int> RemindAsync(CancellationToken ct)
    {
        if (!CanSend() || options.CurrentValue.ReminderDaysBefore == 0) return 0;
        var now = time.GetUtcNow().UtcDateTime;
        var window = now.AddDays(Math.Max(0, options.CurrentValue.ReminderDaysBefore));
        var sent = 0;
        string? after = null;
        while (true)
        {
            // The lead's proven number (an unproven one may be someone else's), and only with the service consent for the campaign.
            var due = await db.Set<PrizeFulfilment>().AsNoTracking()
                .Where(f => f.State == FulfilmentStates.AwaitingAddress && f.ReminderSentAt == null && f.ClaimBy > now && f.ClaimBy <= window
                            && (after == null || string.Compare(f.Id, after) > 0))
                .Join(db.Set<Lead>(), f => f.LeadId, l => l.Id, (f, l) => new { f, l.PersonId })
                .Join(db.Set<Person>().Where(p => p.Proven), x => x.PersonId, p => p.Id, (x, p) => new { x.f, p.PhoneCipher })
                .Join(db.Set<Campaign>(), x => x.f.CampaignId, c => c.Id, (x, c) => new { x.f, x.PhoneCipher, c.Slug })
                .Where(x => db.Set<ConsentEvent>().Any(e => e.SubjectKey == x.f.SubjectKey && e.Purpose == ConsentPurposes.Service
                                                             && e.Action == ConsentActions.Granted && e.Scope == x.Slug))
                .Join(db.Set<Prize>(), x => x.f.PrizeId, p => p.Id, (x, p) => new { x.f.Id, x.f.ClaimBy, x.PhoneCipher, Prize = p.Name })
                .OrderBy(x => x.Id).Take(Batch).ToListAsync(ct);
            if (due.Count == 0) return sent;
            after = due[^1].Id;
            foreach (var f in due)
            {
                var deadline = ChinaTime.Format(f.ClaimBy);
                var text = signature.Sign($"您抽中的「{f.Prize}」尚未填写收货信息，请在 {deadline} 前打开公众号“我的奖品”填写，逾期视为放弃。");
                try
                {
                    // The id is the fulfilment's: a run that dies after sending and before recording sends nothing new next time.
                    await sms.SendAsync(new SmsMessage("prize-" + f.Id, phones.Decrypt(f.PhoneCipher), SmsPurposes.PrizeReminder,
                        [new("prize", f.Prize), new("deadline", deadline)], text), ct);
                }
                catch (SmsUnavailableException e)
                {
                    logger.LogWarning("Prize reminder {Id} not sent now ({Code}); the next run tries again", f.Id, e.Code);
                    if (e.MayHaveBeenSent) await MarkAsync(f.Id, now, ct); // never twice
                    continue;
                }
                if (await MarkAsync(f.Id, now, ct)) sent++;
            }
        }
    }

    private async Task<bool> MarkAsync(string id, DateTime now, CancellationToken ct) =>
        await db.Set<PrizeFulfilment>().Where(f => f.Id == id && f.ReminderSentAt == null)
            .ExecuteUpdateAsync(s => s.SetProperty(f => f.ReminderSentAt, now), ct) == 1;

    /// <summary>A real provider needs an approved template for the reminder (<c>Sms:Templates:PrizeReminder:Id</c>); the sandbox always shows it.</summary>
    private bool CanSend()
    {
        var o = smsOptions.CurrentValue;
        return o.Provider == SmsOptions.SandboxName || o.IsRealProvider && !string.IsNullOrWhiteSpace(o.Templates.PrizeReminder.Id);
    }
}

using Hangfire;
using Microsoft.EntityFrameworkCore;
using WechatLeads.Server.Consent;
using WechatLeads.Server.Data;
using WechatLeads.Server.Leads;
using WechatLeads.Server.Marketing;
using WechatLeads.Server.MiniProgram;

namespace WechatLeads.Server.Retention;

/// <summary>
/// Deletes what has outlived its stated purpose, in batches, and keeps a report of each run:
/// <list type="bullet">
/// <item>leads past their campaign's retention (<see cref="Lead.ExpiresAt"/>), with their participations;</item>
/// <item>a person's phone number once no lead of theirs is left;</item>
/// <item>expired mini-program sessions (their encrypted WeChat session keys);</item>
/// <item>in the consent ledger, the openid, address and browser of people with no data left — the rows stay,
///       linkable only by their keyed hash, as PIPL's processing records; rows older than
///       <see cref="LedgerYears"/> years with nothing left are deleted;</item>
/// <item>marketing-delivery rows older than the ledger period;</item>
/// <item>prize delivery addresses at <see cref="Fulfilment.PrizeFulfilment.AddressPurgeAt"/> (delivery, return or lapse plus
///       <c>Fulfilment:AddressRetentionDays</c>), and fulfilments with their expired leads.</item>
/// </list>
/// There are no other copies: exports are streamed, never written to disk, and no cache holds personal data.
/// </summary>
internal sealed class RetentionPurge(LeadsDbContext db, TimeProvider time, ILogger<RetentionPurge> logger)
{
    public const string RecurringJobId = "retention-purge";
    public const int LedgerYears = 3;
    private const int Batch = 500;

    [AutomaticRetry(Attempts = 3)]
    [DisableConcurrentExecution(timeoutInSeconds: 600)]
    public async Task<long> RunAsync(string trigger, CancellationToken ct)
    {
        var now = time.GetUtcNow().UtcDateTime;
        var run = new RetentionRun { StartedAt = now, Trigger = trigger };
        db.Add(run);
        await db.SaveChangesAsync(ct);
        try
        {
            await PurgeLeadsAsync(run, now, ct);
            run.SessionsDeleted = await db.Set<MiniProgramSession>().Where(s => s.ExpiresAt <= now).ExecuteDeleteAsync(ct)
                // SMS codes, once the caps no longer count them
                + await db.Set<PhoneProof.PhoneVerification>().Where(v => v.CreatedAt <= now - PhoneProof.PhoneCodeRules.KeptFor).ExecuteDeleteAsync(ct);
            await PurgeLedgerAsync(run, now, ct);
            var ledgerCutoff = now.AddYears(-LedgerYears);
            run.DeliveriesDeleted = await db.Set<MarketingDelivery>().Where(d => d.CompletedAt != null && d.CompletedAt < ledgerCutoff).ExecuteDeleteAsync(ct);
            run.AddressesPurged = await db.Set<Fulfilment.PrizeFulfilment>().Where(f => f.AddressPurgeAt <= now && f.AddressCipher != null)
                .ExecuteUpdateAsync(s => s.SetProperty(f => f.AddressCipher, (string?)null), ct);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            run.Error = e.GetType().Name + ": " + (e.Message.Length > 900 ? e.Message[..900] : e.Message);
            throw; // retried; the report says how far this attempt got
        }
        finally
        {
            run.FinishedAt = time.GetUtcNow().UtcDateTime;
            db.Update(run);
            await db.SaveChangesAsync(CancellationToken.None);
            logger.LogInformation("Retention run {RunId}: {Leads} leads, {Persons} phone numbers, {Sessions} sessions, {Addresses} prize addresses deleted; " +
                "{Ledger} ledger rows pseudonymised",
                run.Id, run.LeadsDeleted, run.PersonsDeleted, run.SessionsDeleted, run.AddressesPurged, run.LedgerRowsPseudonymised);
        }
        return run.Id;
    }

    private async Task PurgeLeadsAsync(RetentionRun run, DateTime now, CancellationToken ct)
    {
        while (true)
        {
            var expired = await db.Set<Lead>().AsNoTracking().Where(l => l.ExpiresAt <= now).OrderBy(l => l.Id).Take(Batch)
                .Select(l => new { l.Id, l.PersonId }).ToListAsync(ct);
            if (expired.Count == 0) return;
            var leadIds = expired.Select(l => l.Id).ToList();
            var personIds = expired.Select(l => l.PersonId).Distinct().ToList();
            await using var transaction = await db.Database.BeginTransactionAsync(ct);
            await OptOutCarryOver.PreserveAsync(db, leadIds, now, ct);
            run.ParticipationsDeleted += await db.Set<ParticipationRecord>().Where(p => leadIds.Contains(p.LeadId)).ExecuteDeleteAsync(ct);
            await db.Set<Coupons.Coupon>().Where(c => leadIds.Contains(c.LeadId)).ExecuteDeleteAsync(ct);
            run.FulfilmentsDeleted += await db.Set<Fulfilment.PrizeFulfilment>().Where(f => leadIds.Contains(f.LeadId)).ExecuteDeleteAsync(ct);
            run.LeadsDeleted += await db.Set<Lead>().Where(l => leadIds.Contains(l.Id)).ExecuteDeleteAsync(ct);
            // The phone number goes with the last lead that needed it.
            run.PersonsDeleted += await db.Set<Person>()
                .Where(p => personIds.Contains(p.Id) && !db.Set<Lead>().Any(l => l.PersonId == p.Id))
                .ExecuteDeleteAsync(ct);
            await transaction.CommitAsync(ct);
        }
    }

    private async Task PurgeLedgerAsync(RetentionRun run, DateTime now, CancellationToken ct)
    {
        // Rows of people we hold no lead about keep only the keyed hash: the ledger stays evidence, not a contact list.
        var orphaned = db.Set<ConsentEvent>().Where(e => !db.Set<Lead>().Any(l => l.SubjectKey == e.SubjectKey));
        run.LedgerRowsPseudonymised = await orphaned.Where(e => e.OpenId != null || e.Ip != null || e.UserAgent != null)
            .ExecuteUpdateAsync(s => s.SetProperty(e => e.OpenId, (string?)null).SetProperty(e => e.Ip, (string?)null)
                .SetProperty(e => e.UserAgent, (string?)null), ct);
        var cutoff = now.AddYears(-LedgerYears);
        run.LedgerRowsDeleted = await orphaned.Where(e => e.OccurredAt < cutoff).ExecuteDeleteAsync(ct);
    }
}

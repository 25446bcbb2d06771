using Microsoft.EntityFrameworkCore;
using WechatLeads.Server.Data;

namespace WechatLeads.Server.Audit;

/// <summary>
/// Signed checkpoints of the audit log's head: hourly (recurring job <see cref="RecurringJobId"/>) and on
/// demand. Only an intact chain is signed — a signature must never vouch for a log that was already tampered with.
/// </summary>
internal sealed class AuditCheckpoints(LeadsDbContext db, AuditLog log, AuditSeal seal, TimeProvider time, ILogger<AuditCheckpoints> logger)
{
    public const string RecurringJobId = "audit-checkpoint";

    /// <summary>The checkpoint of the current head, or null (and an error logged) when the chain is broken.</summary>
    public async Task<AuditCheckpoint?> CreateAsync(CancellationToken ct)
    {
        var verification = await log.VerifyAsync(ct);
        if (!verification.Intact)
        {
            logger.LogError("Audit log verification failed ({Code}) at {BrokenAt}: {Problem}; no checkpoint signed",
                verification.Code, verification.BrokenAt, verification.Problem);
            return null;
        }
        var sequence = verification.LastSequence ?? 0;
        var hash = verification.LastHash ?? AuditLog.Genesis;
        var now = time.GetUtcNow().UtcDateTime;
        var at = new DateTime(now.Ticks - now.Ticks % TimeSpan.TicksPerMillisecond, DateTimeKind.Utc);
        var signature = seal.Sign(sequence, hash, at);
        // One checkpoint per head: an hour without appends has nothing new to vouch for.
        await db.Database.ExecuteSqlAsync($"""
            INSERT INTO "AuditCheckpoints" ("Sequence", "Hash", "At", "Signature") VALUES ({sequence}, {hash}, {at}, {signature})
            ON CONFLICT ("Sequence") DO NOTHING
            """, ct);
        return await db.Set<AuditCheckpoint>().AsNoTracking().FirstAsync(c => c.Sequence == sequence, ct);
    }

    /// <summary>The recurring job: a broken chain fails the job, so the dashboard shows it.</summary>
    public async Task RunAsync(CancellationToken ct)
    {
        if (await CreateAsync(ct) is null) throw new InvalidOperationException("The audit log failed verification; no checkpoint was signed.");
    }
}

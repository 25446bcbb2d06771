using System.Globalization;
using System.Security.Claims;
using System.Security.Cryptography;
using System.Text;
using Microsoft.EntityFrameworkCore;
using WechatLeads.Server.Data;
using WechatLeads.Server.Security;

namespace WechatLeads.Server.Audit;

/// <summary>What one audited act is about; the actor and address come from the request.</summary>
internal sealed record AuditRecord(string Action, string Target, int RecordCount = 0, string? Reason = null);

/// <summary>Who an entry names as having acted, and how they signed in (<c>api-key</c>, <c>password</c>).</summary>
internal sealed record Actor(string Name, string Role, string Method)
{
    public static Actor Of(ClaimsPrincipal user) =>
        new(user.Identity?.Name ?? "anonymous", user.FindFirstValue(ClaimTypes.Role) ?? "none", user.FindFirstValue("auth") ?? "none");
}

/// <summary>
/// Appends to and verifies the hash-chained audit log. The chain key is derived from the deployment's
/// encryption key, so someone with write access to the database alone can't rewrite an entry and
/// recompute the hashes after it.
/// </summary>
internal sealed class AuditLog(LeadsDbContext db, Keyring keyring, AuditSeal seal, AuditAnchor anchor, TimeProvider time)
{
    public const string Genesis = "0000000000000000000000000000000000000000000000000000000000000000";
    private const int MaxAttempts = 50;
    private readonly byte[] _key = keyring.Derive("audit-chain-v1");

    /// <param name="actor">Who acted, when not (yet) the request's user — a sign-in.</param>
    public Task<AuditEntry> AppendAsync(HttpContext http, AuditRecord record, CancellationToken cancellationToken, ClaimsPrincipal? actor = null) =>
        AppendAsync(record, actor ?? http.User, http.Connection.RemoteIpAddress?.ToString(), cancellationToken);

    /// <summary>An entry for something a person did earlier, appended later by a job (e.g. redemptions at the till).</summary>
    public async Task<AuditEntry> AppendAsync(AuditRecord record, ClaimsPrincipal user, string? ip, CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            var head = await NextAfterAsync(cancellationToken);
            var entry = Chain(head, record, Actor.Of(user), ip, time.GetUtcNow().UtcDateTime);
            // The head row moves in the same transaction as the insert, so the two can't disagree unless
            // someone edits the database. Joins the caller's transaction when there is one.
            var own = db.Database.CurrentTransaction is null ? await db.Database.BeginTransactionAsync(cancellationToken) : null;
            try
            {
                // Sequence is the primary key: if someone appended N first, nothing is inserted and we go again
                // from the new head. No exception, so a lost race is not logged as a database error.
                var inserted = await db.Database.ExecuteSqlAsync($"""
                    INSERT INTO "AuditLog" ("Sequence", "At", "Actor", "Role", "Method", "Action", "Target", "RecordCount", "Reason", "Ip",
                                        "PreviousHash", "Hash")
                    VALUES ({entry.Sequence}, {entry.At}, {entry.Actor}, {entry.Role}, {entry.Method}, {entry.Action}, {entry.Target}, {entry.RecordCount},
                            {entry.Reason}, {entry.Ip}, {entry.PreviousHash}, {entry.Hash})
                    ON CONFLICT ("Sequence") DO NOTHING
                    """, cancellationToken);
                if (inserted == 1)
                {
                    // Only ever forward: after someone deleted the newest rows, appends reuse their sequences
                    // and must not pull the head back over the gap they left (verify reports it).
                    var mac = seal.HeadMac(entry.Sequence, entry.Hash, entry.At);
                    await db.Database.ExecuteSqlAsync($"""
                        INSERT INTO "AuditHead" ("Id", "Sequence", "Hash", "At", "Mac")
                        VALUES ({AuditHead.SingleId}, {entry.Sequence}, {entry.Hash}, {entry.At}, {mac})
                        ON CONFLICT ("Id") DO UPDATE
                        SET "Sequence" = excluded."Sequence", "Hash" = excluded."Hash", "At" = excluded."At", "Mac" = excluded."Mac"
                        WHERE "AuditHead"."Sequence" < excluded."Sequence"
                        """, cancellationToken);
                    // Only once committed: an anchor ahead of the database would be a false alarm. Inside a
                    // caller's transaction the next verify moves it instead.
                    if (own is not null)
                    {
                        await own.CommitAsync(cancellationToken);
                        anchor.Advance(entry.Sequence, entry.Hash, entry.At);
                    }
                    return entry;
                }
                if (own is not null) await own.RollbackAsync(cancellationToken);
            }
            finally
            {
                if (own is not null) await own.DisposeAsync();
            }
            if (attempt >= MaxAttempts) throw new InvalidOperationException("The audit log is too busy to append to; try again.");
            await Task.Delay(Random.Shared.Next(1, 10 * attempt), cancellationToken);
        }
    }

    /// <summary>
    /// The entry to append after: the newest row — or the head row or this instance's anchor when either knows
    /// a newer one. After someone deleted the newest rows, new entries then go after the ones deleted, never in
    /// their place, so the gap stays in the chain for every later verify to find instead of being papered over.
    /// </summary>
    private async Task<(long Sequence, string Hash)> NextAfterAsync(CancellationToken ct)
    {
        var last = await db.Set<AuditEntry>().AsNoTracking().OrderByDescending(e => e.Sequence)
            .Select(e => new { e.Sequence, e.Hash }).FirstOrDefaultAsync(ct);
        var head = await db.Set<AuditHead>().AsNoTracking().Where(h => h.Id == AuditHead.SingleId).SingleOrDefaultAsync(ct);
        return NewestOf(last is null ? null : (last.Sequence, last.Hash), head);
    }

    /// <summary>The same choice as <see cref="NextAfterAsync"/> from rows read by the caller (inside the group commit).</summary>
    internal (long Sequence, string Hash) NewestOf((long Sequence, string Hash)? last, AuditHead? head)
    {
        var after = last ?? (0, Genesis);
        if (head is not null && head.Sequence > after.Sequence && AuditSeal.SameMac(seal.HeadMac(head.Sequence, head.Hash, head.At), head.Mac))
            after = (head.Sequence, head.Hash);
        if (anchor.Read() is { Genuine: true, Mark: var mark } && mark.Sequence > after.Sequence)
            after = (mark.Sequence, mark.Hash);
        return after;
    }

    /// <summary>The entry that follows <paramref name="after"/>, hashed.</summary>
    internal AuditEntry Chain((long Sequence, string Hash) after, AuditRecord record, Actor actor, string? ip, DateTime now)
    {
        var entry = new AuditEntry
        {
            Sequence = after.Sequence + 1,
            // Milliseconds: every provider stores them exactly, so the hash recomputes after a round trip.
            At = TruncateToMilliseconds(now),
            Actor = actor.Name,
            Role = actor.Role,
            Method = actor.Method,
            Action = record.Action,
            Target = record.Target.Length > 1024 ? record.Target[..1024] : record.Target,
            RecordCount = record.RecordCount,
            Reason = record.Reason,
            Ip = ip,
            PreviousHash = after.Hash,
            Hash = "",
        };
        entry.Hash = HashOf(entry);
        return entry;
    }

    internal string HeadMac(AuditEntry entry) => seal.HeadMac(entry.Sequence, entry.Hash, entry.At);

    /// <summary>
    /// Walks the whole chain and reports the first entry that was changed, removed or inserted; then holds the
    /// end of the chain against what it must reach — the head row, this instance's anchor file, the newest
    /// stored checkpoint and, when given, a checkpoint Compliance kept elsewhere — so that removing the newest
    /// entries, all of them, or restoring an older copy of the table is reported too.
    /// </summary>
    public async Task<AuditVerification> VerifyAsync(CancellationToken cancellationToken, KeptCheckpoint? kept = null)
    {
        // Read before the rows: an append committed in between only makes the rows longer than the head.
        var head = await db.Set<AuditHead>().AsNoTracking().Where(h => h.Id == AuditHead.SingleId).SingleOrDefaultAsync(cancellationToken);
        var mark = anchor.Read();
        var stored = await db.Set<AuditCheckpoint>().AsNoTracking().OrderByDescending(c => c.Sequence).FirstOrDefaultAsync(cancellationToken);
        // The hashes the rows have at the sequences something outside them vouches for.
        var wanted = new Dictionary<long, string?>();
        foreach (var sequence in new[] { head?.Sequence, mark?.Mark.Sequence, stored?.Sequence, kept?.Sequence })
            if (sequence is > 0) wanted[sequence.Value] = null;

        var expectedPrevious = Genesis;
        long expectedSequence = 1, count = 0;
        var lastAt = default(DateTime);
        await foreach (var entry in db.Set<AuditEntry>().AsNoTracking().OrderBy(e => e.Sequence).AsAsyncEnumerable().WithCancellation(cancellationToken))
        {
            if (entry.Sequence != expectedSequence)
                return new AuditVerification(false, count, expectedSequence, $"entry {expectedSequence} is missing", "entry-missing");
            if (entry.PreviousHash != expectedPrevious)
                return new AuditVerification(false, count, entry.Sequence, "does not follow the entry before it", "entry-unlinked");
            if (!CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(HashOf(entry)), Encoding.ASCII.GetBytes(entry.Hash)))
                return new AuditVerification(false, count, entry.Sequence, "its content was changed after it was written", "entry-changed");
            if (wanted.ContainsKey(entry.Sequence)) wanted[entry.Sequence] = entry.Hash;
            expectedPrevious = entry.Hash;
            lastAt = entry.At;
            expectedSequence++;
            count++;
        }
        var last = count;
        AuditVerification Broken(long? at, string problem, string code) => new(false, count, at, problem, code, last, expectedPrevious);

        if (head is null && count > 0)
            return Broken(null, "the head record (the newest entry as its last append wrote it) was deleted", "head-missing");
        if (head is not null)
        {
            if (!AuditSeal.SameMac(seal.HeadMac(head.Sequence, head.Hash, head.At), head.Mac))
                return Broken(null, "the head record was changed", "head-changed");
            if (head.Sequence > last)
                return Broken(
                    last + 1,
                    $"the log ends at entry {last} but its head records entry {head.Sequence}: the newest entries were deleted",
                    "truncated");
            if (wanted[head.Sequence] != head.Hash)
                return Broken(
                    head.Sequence,
                    $"entry {head.Sequence} is not the one its head records: entries were deleted and others appended since",
                    "head-mismatch");
        }
        if (mark is { } m)
        {
            if (!m.Genuine)
                return Broken(null, $"this instance's anchor file ({AuditAnchor.FileName}) was changed", "anchor-changed");
            if (m.Mark.Sequence > last)
                return Broken(
                    last + 1,
                    $"this instance saw entry {m.Mark.Sequence} (written {AuditSeal.Format(m.Mark.At)}) but the log ends at entry {last}: entries were " +
                    $"deleted or the database was restored from an older copy",
                    "rolled-back");
            if (wanted[m.Mark.Sequence] != m.Mark.Hash)
                return Broken(
                    m.Mark.Sequence,
                    $"entry {m.Mark.Sequence} is not the one this instance saw: the database was restored from another copy",
                    "rolled-back");
        }
        if (stored is not null && Check(stored.Sequence, stored.Hash, stored.At, stored.Signature, "the newest stored checkpoint") is { } storedProblem)
            return storedProblem;
        if (kept is not null && Check(kept.Sequence, kept.Hash, kept.At, kept.Signature, "the checkpoint given") is { } keptProblem)
            return keptProblem;

        if (last > 0) anchor.Advance(last, expectedPrevious, lastAt);
        return new AuditVerification(true, count, null, null, null, last, expectedPrevious);

        AuditVerification? Check(long sequence, string hash, DateTime at, string signature, string which)
        {
            if (!seal.IsSigned(sequence, hash, at, signature))
                return Broken(null, $"{which} (entry {sequence}) does not carry this deployment's signature", "checkpoint-forged");
            if (sequence > last)
                return Broken(
                    last + 1,
                    $"{which} vouches for entry {sequence} but the log ends at entry {last}: entries were deleted or the database was restored from an older " +
                    $"copy",
                    "checkpoint-missing");
            if (sequence > 0 && wanted[sequence] != hash)
                return Broken(sequence, $"entry {sequence} is not the one {which} vouches for", "checkpoint-mismatch");
            return null;
        }
    }

    private string HashOf(AuditEntry e)
    {
        // One field per line, in a fixed order; a field can't contain the separator's escape unnoticed.
        var canonical = string.Join('\n',
            e.Sequence.ToString(CultureInfo.InvariantCulture), e.At.ToString("yyyy-MM-ddTHH:mm:ss.fffZ", CultureInfo.InvariantCulture),
            Escape(e.Actor), Escape(e.Role), Escape(e.Method), Escape(e.Action), Escape(e.Target),
            e.RecordCount.ToString(CultureInfo.InvariantCulture), Escape(e.Reason), Escape(e.Ip), e.PreviousHash);
        return Convert.ToHexStringLower(HMACSHA256.HashData(_key, Encoding.UTF8.GetBytes(canonical)));
    }

    private static string Escape(string? value) =>
        value is null ? "\\0" : value.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\n", "\\n", StringComparison.Ordinal);

    private static DateTime TruncateToMilliseconds(DateTime t) => new(t.Ticks - t.Ticks % TimeSpan.TicksPerMillisecond, DateTimeKind.Utc);
}

/// <param name="Code">Stable: entry-missing, entry-unlinked, entry-changed, head-missing, head-changed, truncated, head-mismatch,
/// anchor-changed, rolled-back, checkpoint-forged, checkpoint-missing, checkpoint-mismatch.</param>
/// <param name="LastSequence">The last entry of the chain as walked (0: none).</param>
internal sealed record AuditVerification(
    bool Intact, long EntriesChecked, long? BrokenAt, string? Problem, string? Code = null, long? LastSequence = null, string? LastHash = null);

/// <summary>A checkpoint Compliance downloaded from <c>GET /admin/api/audit/checkpoints</c> and kept elsewhere.</summary>
internal sealed record KeptCheckpoint(long Sequence, string Hash, DateTime At, string Signature);

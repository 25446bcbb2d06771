using System.Globalization;
using System.Security.Claims;
using System.Security.Cryptography;
using System.Text;
using Microsoft.EntityFrameworkCore;
using WechatLeads.Server.Data;
using WechatLeads.Server.Security;

namespace WechatLeads.Server.Audit;

/// <summary>What one audited act is about; the actor and address come from the request.</summary>
public sealed record AuditRecord(string Action, string Target, int RecordCount = 0, string? Reason = null);

/// <summary>
/// Appends to and verifies the hash-chained audit log. The chain key is derived from the deployment's
/// encryption key, so someone with write access to the database alone can't rewrite an entry and
/// recompute the hashes after it.
/// </summary>
public sealed class AuditLog(LeadsDbContext db, Keyring keyring, TimeProvider time)
{
    public const string Genesis = "0000000000000000000000000000000000000000000000000000000000000000";
    private const int MaxAttempts = 50;
    private readonly byte[] _key = keyring.Derive("audit-chain-v1");

    /// <param name="actor">Who acted, when not (yet) the request's user — a sign-in.</param>
    public async Task<AuditEntry> AppendAsync(HttpContext http, AuditRecord record, CancellationToken cancellationToken, ClaimsPrincipal? actor = null)
    {
        var user = actor ?? http.User;
        for (var attempt = 1; ; attempt++)
        {
            var head = await db.Set<AuditEntry>().AsNoTracking().OrderByDescending(e => e.Sequence)
                .Select(e => new { e.Sequence, e.Hash }).FirstOrDefaultAsync(cancellationToken);
            var entry = new AuditEntry
            {
                Sequence = (head?.Sequence ?? 0) + 1,
                // Milliseconds: every provider stores them exactly, so the hash recomputes after a round trip.
                At = TruncateToMilliseconds(time.GetUtcNow().UtcDateTime),
                Actor = user.Identity?.Name ?? "anonymous",
                Role = user.FindFirstValue(ClaimTypes.Role) ?? "none",
                Method = user.FindFirstValue("auth") ?? "none",
                Action = record.Action,
                Target = record.Target.Length > 1024 ? record.Target[..1024] : record.Target,
                RecordCount = record.RecordCount,
                Reason = record.Reason,
                Ip = http.Connection.RemoteIpAddress?.ToString(),
                PreviousHash = head?.Hash ?? Genesis,
                Hash = "",
            };
            entry.Hash = HashOf(entry);
            // Sequence is the primary key: if someone appended N first, nothing is inserted and we go again
            // from the new head. No exception, so a lost race is not logged as a database error.
            var inserted = await db.Database.ExecuteSqlAsync($"""
                INSERT INTO "AuditLog" ("Sequence", "At", "Actor", "Role", "Method", "Action", "Target", "RecordCount", "Reason", "Ip", "PreviousHash", "Hash")
                VALUES ({entry.Sequence}, {entry.At}, {entry.Actor}, {entry.Role}, {entry.Method}, {entry.Action}, {entry.Target}, {entry.RecordCount},
                        {entry.Reason}, {entry.Ip}, {entry.PreviousHash}, {entry.Hash})
                ON CONFLICT ("Sequence") DO NOTHING
                """, cancellationToken);
            if (inserted == 1) return entry;
            if (attempt >= MaxAttempts) throw new InvalidOperationException("The audit log is too busy to append to; try again.");
            await Task.Delay(Random.Shared.Next(1, 10 * attempt), cancellationToken);
        }
    }

    /// <summary>Walks the whole chain; the first entry that was changed, removed or inserted is reported.</summary>
    public async Task<AuditVerification> VerifyAsync(CancellationToken cancellationToken)
    {
        var expectedPrevious = Genesis;
        long expectedSequence = 1, count = 0;
        await foreach (var entry in db.Set<AuditEntry>().AsNoTracking().OrderBy(e => e.Sequence).AsAsyncEnumerable().WithCancellation(cancellationToken))
        {
            if (entry.Sequence != expectedSequence)
                return new AuditVerification(false, count, expectedSequence, $"entry {expectedSequence} is missing");
            if (entry.PreviousHash != expectedPrevious)
                return new AuditVerification(false, count, entry.Sequence, "does not follow the entry before it");
            if (!CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(HashOf(entry)), Encoding.ASCII.GetBytes(entry.Hash)))
                return new AuditVerification(false, count, entry.Sequence, "its content was changed after it was written");
            expectedPrevious = entry.Hash;
            expectedSequence++;
            count++;
        }
        return new AuditVerification(true, count, null, null);
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

    private static string Escape(string? value) => value is null ? "\\0" : value.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\n", "\\n", StringComparison.Ordinal);

    private static DateTime TruncateToMilliseconds(DateTime t) => new(t.Ticks - t.Ticks % TimeSpan.TicksPerMillisecond, DateTimeKind.Utc);
}

public sealed record AuditVerification(bool Intact, long EntriesChecked, long? BrokenAt, string? Problem);

using WechatLeads.Server.Data;

namespace WechatLeads.Server.Audit;

/// <summary>
/// An act already recorded in its own table (a redemption at the till) that still needs its audit entry.
/// <paramref name="MarkSql"/> flags the source row as audited and must match nothing once it is: the entry is
/// appended only when the flag was set here, so a second run or a crash in between never writes it twice.
/// </summary>
internal sealed record DeferredAuditEntry(AuditRecord Record, Actor Actor, string? Ip, string MarkSql, object MarkParameters);

/// <summary>
/// Appends entries to the audit chain inside the group-commit writer's transaction. On SQLite a separate
/// append takes the database's one write lock on its own and every till waiting on the writer queues behind
/// it; here the entries ride in a batch the writer commits anyway. The head row moves in the same
/// transaction. Another instance appending at the same moment (PostgreSQL) takes a sequence first: the
/// insert then does nothing and this entry goes after the new head.
/// </summary>
internal sealed class DeferredAuditWrite(AuditLog log, IReadOnlyList<DeferredAuditEntry> entries) : IDurableWrite
{
    private const int MaxAttemptsPerEntry = 20;

    private const string Newest = """SELECT "Sequence", "Hash" FROM "AuditLog" ORDER BY "Sequence" DESC LIMIT 1""";
    private const string Head = """SELECT "Sequence", "Hash", "At", "Mac" FROM "AuditHead" WHERE "Id" = @Id""";

    private const string Insert =
        """
        INSERT INTO "AuditLog" ("Sequence", "At", "Actor", "Role", "Method", "Action", "Target", "RecordCount", "Reason", "Ip", "PreviousHash", "Hash")
        VALUES (@Sequence, @At, @Actor, @Role, @Method, @Action, @Target, @RecordCount, @Reason, @Ip, @PreviousHash, @Hash)
        ON CONFLICT ("Sequence") DO NOTHING
        """;

    // Only ever forward, as in AuditLog.AppendAsync.
    private const string MoveHead =
        """
        INSERT INTO "AuditHead" ("Id", "Sequence", "Hash", "At", "Mac") VALUES (@Id, @Sequence, @Hash, @At, @Mac)
        ON CONFLICT ("Id") DO UPDATE SET "Sequence" = excluded."Sequence", "Hash" = excluded."Hash", "At" = excluded."At", "Mac" = excluded."Mac"
        WHERE "AuditHead"."Sequence" < excluded."Sequence"
        """;

    /// <summary>How many entries this write appended (the rest were audited already).</summary>
    public int Appended { get; private set; }

    public async Task ApplyAsync(WriteBatch batch, CancellationToken ct)
    {
        Appended = 0;
        var after = await NewestAsync(batch, ct);
        AuditEntry? last = null;
        foreach (var deferred in entries)
        {
            if (await batch.ExecuteAsync(deferred.MarkSql, deferred.MarkParameters, ct) == 0) continue;
            for (var attempt = 1; ; attempt++)
            {
                var entry = log.Chain(after, deferred.Record, deferred.Actor, deferred.Ip, batch.Now);
                var row = new
                {
                    entry.Sequence,
                    entry.At,
                    entry.Actor,
                    entry.Role,
                    entry.Method,
                    entry.Action,
                    entry.Target,
                    entry.RecordCount,
                    entry.Reason,
                    entry.Ip,
                    entry.PreviousHash,
                    entry.Hash,
                };
                if (await batch.ExecuteAsync(Insert, row, ct) == 1)
                {
                    (after, last) = ((entry.Sequence, entry.Hash), entry);
                    Appended++;
                    break;
                }
                // Failing the write rolls the batch back; the writer retries its other writes on their own.
                if (attempt >= MaxAttemptsPerEntry) throw new InvalidOperationException("The audit log is too busy to append to; try again.");
                after = await NewestAsync(batch, ct);
            }
        }
        if (last is not null)
            await batch.ExecuteAsync(MoveHead, new { Id = AuditHead.SingleId, last.Sequence, last.Hash, last.At, Mac = log.HeadMac(last) }, ct);
    }

    private async Task<(long Sequence, string Hash)> NewestAsync(WriteBatch batch, CancellationToken ct)
    {
        var newest = await batch.RowAsync(Newest, null, r => new Tuple<long, string>(r.GetInt64(0), r.GetString(1)), ct);
        var head = await batch.RowAsync(Head, new { Id = AuditHead.SingleId },
            r => new AuditHead { Sequence = r.GetInt64(0), Hash = r.GetString(1), At = r.GetDateTime(2), Mac = r.GetString(3) }, ct);
        return log.NewestOf(newest is null ? null : (newest.Item1, newest.Item2), head);
    }
}

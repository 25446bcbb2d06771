using WechatLeads.Server.Consent;
using WechatLeads.Server.Data;
using WechatLeads.Server.Followers;
using WechatLeads.Server.Jobs;

namespace WechatLeads.Server.Unsubscribe;

/// <summary>
/// Makes an opt-out effective in the same transaction that acknowledges it: the follower's flag, one
/// withdrawal in the consent ledger (what every marketing send checks) — only if they were not opted out
/// already, decided by a conditional update so it holds across instances — the opt-out record, and the
/// outbox row for the follow-up job. A rush of 取消订阅 clicks in one group commit is written with a few
/// multi-row statements and followed up by one job per 50 opt-outs.
/// </summary>
/// <param name="recordRepeat">
/// Whether a request from someone already opted out still leaves an opt-out record and a confirmation (a
/// second 取消订阅 tap is answered like the first). The API passes false: its answer shows the state, so a
/// repeat — or ten parallel taps — changes nothing and confirms nothing again.
/// </param>
internal sealed class OptOutWrite(string openId, string subjectKey, string channel, bool recordRepeat = true) : IGroupedWrite
{
    private const int OptOutsPerJob = 50;

    private static readonly MultiRowStatement InsertOptOuts = new(
        "INSERT INTO \"OptOuts\" (\"Id\", \"SubjectKey\", \"OpenId\", \"Channel\", \"RequestedAt\", \"Withdrew\") VALUES", 6);

    /// <summary>Made on the request's thread: the single writer only runs the statements.</summary>
    public string OptOutId { get; } = Ids.New();

    /// <summary>The request's span: the confirmation, sent later by a job, continues its trace.</summary>
    private readonly string? _traceParent = Telemetry.ServerTelemetry.CurrentTraceParent();

    // Read off the other writes of a group (the same class, so private suffices).
    private string OpenId => openId;
    private string SubjectKey => subjectKey;
    private string Channel => channel;
    private bool RecordRepeat => recordRepeat;

    public Task ApplyAsync(WriteBatch batch, CancellationToken ct) => ApplyGroupAsync(batch, [this], ct);

    public async Task ApplyGroupAsync(WriteBatch batch, IReadOnlyList<IGroupedWrite> group, CancellationToken ct)
    {
        var writes = group.Cast<OptOutWrite>().ToList();
        // One row per openid: PostgreSQL refuses an upsert that touches a row twice, and a second opt-out of the
        // same person in this batch finds them opted out already, as it would have in a batch of its own.
        var flagged = new HashSet<string>(StringComparer.Ordinal);
        var flags = new List<object?[]>(writes.Count);
        // Sorted by openid: two PostgreSQL instances upserting overlapping followers in opposite orders could deadlock.
        foreach (var w in writes.OrderBy(w => w.OpenId, StringComparer.Ordinal))
            if (flagged.Add(w.OpenId))
                // Someone who taps the menu or replies TD follows the account; someone on the my-data page may not.
                flags.Add([w.OpenId, OptOutChannels.IsFromFollower(w.Channel), true, batch.Now, w.Channel, batch.Now]);
        var flipped = batch.QueryRows(FollowerSql.MarkOptedOut, flags).ToHashSet(StringComparer.Ordinal);

        var withdrawals = new List<ConsentEvent>();
        var optOuts = new List<object?[]>(writes.Count);
        var recorded = new List<OptOutWrite>(writes.Count);
        foreach (var w in writes)
        {
            var withdrew = flipped.Remove(w.OpenId); // the first opt-out of a person who was not opted out
            if (!withdrew && !w.RecordRepeat) continue; // nothing changed: no record, no follow-up
            if (withdrew)
                withdrawals.Add(ConsentEvent.MarketingWithdrawnEverywhere(w.SubjectKey, w.OpenId, w.Channel, batch.Now));
            optOuts.Add([w.OptOutId, w.SubjectKey, w.OpenId, w.Channel, batch.Now, withdrew]);
            recorded.Add(w);
        }
        foreach (var w in recorded) batch.AfterCommit(() => Telemetry.ServerMetrics.OptOut(w.Channel));
        ConsentLedgerWrites.Append(batch, withdrawals);
        batch.Defer(InsertOptOuts, optOuts);

        foreach (var chunk in recorded.Chunk(OptOutsPerJob))
        {
            var payload = new ProcessOptOut.Payload(OptOutIds: [.. chunk.Select(w => w.OptOutId)],
                TraceParents: chunk.Any(w => w._traceParent is not null) ? [.. chunk.Select(w => w._traceParent)] : null);
            await new OutboxWrite(ProcessOptOut.Kind, payload).ApplyAsync(batch, ct);
        }
    }
}

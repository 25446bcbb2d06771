using WechatLeads.Server.Consent;
using WechatLeads.Server.Data;
using WechatLeads.Server.Jobs;

namespace WechatLeads.Server.Unsubscribe;

/// <summary>
/// Makes an opt-out effective in the same transaction that acknowledges it: the follower's flag (what
/// every marketing send checks), one withdrawal in the consent ledger — only if they were not opted out
/// already, decided by a conditional update so it holds across instances — the opt-out record, and the
/// outbox row for the follow-up job.
/// </summary>
public sealed class OptOutWrite(string openId, string subjectKey, string channel) : IDurableWrite
{
    /// <summary>Inserts the follower opted out, or flips an existing one; 0 rows when they were opted out already.</summary>
    private const string SetFlag =
        "INSERT INTO \"Followers\" (\"OpenId\", \"Subscribed\", \"MarketingOptOut\", \"OptOutAt\", \"OptOutChannel\", \"CreatedAt\") " +
        "VALUES (@p0, @p1, @p2, @p3, @p4, @p3) ON CONFLICT (\"OpenId\") DO UPDATE SET \"MarketingOptOut\" = excluded.\"MarketingOptOut\", " +
        "\"OptOutAt\" = excluded.\"OptOutAt\", \"OptOutChannel\" = excluded.\"OptOutChannel\" WHERE \"Followers\".\"MarketingOptOut\" = @p5";
    private const string AppendWithdrawal =
        "INSERT INTO \"ConsentEvents\" (\"SubjectKey\", \"OpenId\", \"Purpose\", \"Action\", \"Scope\", \"Channel\", \"OccurredAt\") " +
        "VALUES (@p0, @p1, @p2, @p3, @p4, @p5, @p6)";
    private const string InsertOptOut =
        "INSERT INTO \"OptOuts\" (\"Id\", \"SubjectKey\", \"OpenId\", \"Channel\", \"RequestedAt\", \"Withdrew\") VALUES (@p0, @p1, @p2, @p3, @p4, @p5)";

    // Built on the request's thread: the single writer only runs the statements.
    private readonly (string Id, OutboxWrite FollowUp) _work = Prepare();

    public string OptOutId => _work.Id;

    private static (string, OutboxWrite) Prepare()
    {
        var id = Ids.New();
        return (id, new OutboxWrite(ProcessOptOut.Kind, new ProcessOptOut.Payload(id)));
    }

    public async Task ApplyAsync(WriteBatch batch, CancellationToken ct)
    {
        // Someone who taps the menu or replies TD follows the account; someone on the my-data page may not.
        var follows = channel != OptOutChannels.MyDataPage;
        var withdrew = await batch.ExecuteAsync(SetFlag, ct, openId, follows, true, batch.Now, channel, false) == 1;
        if (withdrew)
            await batch.ExecuteAsync(AppendWithdrawal, ct, subjectKey, openId, ConsentPurposes.Marketing, ConsentActions.Withdrawn, "*", channel, batch.Now);
        await batch.ExecuteAsync(InsertOptOut, ct, _work.Id, subjectKey, openId, channel, batch.Now, withdrew);
        await _work.FollowUp.ApplyAsync(batch, ct);
    }
}

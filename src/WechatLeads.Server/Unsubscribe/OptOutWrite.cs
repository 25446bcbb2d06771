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
    private const string EnsureFollower =
        "INSERT INTO \"Followers\" (\"OpenId\", \"Subscribed\", \"MarketingOptOut\", \"CreatedAt\") VALUES (@p0, @p1, @p2, @p3) " +
        "ON CONFLICT (\"OpenId\") DO NOTHING";
    private const string SetFlag =
        "UPDATE \"Followers\" SET \"MarketingOptOut\" = @p1, \"OptOutAt\" = @p2, \"OptOutChannel\" = @p3 " +
        "WHERE \"OpenId\" = @p0 AND \"MarketingOptOut\" = @p4";
    private const string AppendWithdrawal =
        "INSERT INTO \"ConsentEvents\" (\"SubjectKey\", \"OpenId\", \"Purpose\", \"Action\", \"Scope\", \"Channel\", \"OccurredAt\") " +
        "VALUES (@p0, @p1, @p2, @p3, @p4, @p5, @p6)";
    private const string InsertOptOut =
        "INSERT INTO \"OptOuts\" (\"Id\", \"SubjectKey\", \"OpenId\", \"Channel\", \"RequestedAt\", \"Withdrew\") VALUES (@p0, @p1, @p2, @p3, @p4, @p5)";

    public string OptOutId { get; } = Ids.New();

    public async Task ApplyAsync(WriteBatch batch, CancellationToken ct)
    {
        // Someone who taps the menu or replies TD follows the account; someone on the my-data page may not.
        await batch.ExecuteAsync(EnsureFollower, ct, openId, channel != OptOutChannels.MyDataPage, false, batch.Now);
        var withdrew = await batch.ExecuteAsync(SetFlag, ct, openId, true, batch.Now, channel, false) == 1;
        if (withdrew)
            await batch.ExecuteAsync(AppendWithdrawal, ct, subjectKey, openId, ConsentPurposes.Marketing, ConsentActions.Withdrawn, "*", channel, batch.Now);
        await batch.ExecuteAsync(InsertOptOut, ct, OptOutId, subjectKey, openId, channel, batch.Now, withdrew);
        await new OutboxWrite(ProcessOptOut.Kind, new ProcessOptOut.Payload(OptOutId)).ApplyAsync(batch, ct);
    }
}

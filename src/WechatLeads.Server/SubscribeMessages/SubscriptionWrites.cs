using WechatLeads.Server.Data;

namespace WechatLeads.Server.SubscribeMessages;

/// <summary>
/// One answer to a subscription popup, from WeChat's push or the mini-program's report. Both describe the same
/// tap, so the second to arrive confirms the first's row (same person, template and answer, within ten minutes)
/// instead of adding another: one accept is one send, whoever tells us first. Open accepts beyond
/// <c>SubscribeMessages:MaxOpenGrants</c> are not recorded.
/// </summary>
internal sealed class RecordSubscriptionAnswer(string subjectKey, string openId, string templateId, string status, string source, int maxOpen) : IDurableWrite
{
    public static readonly TimeSpan MatchWindow = TimeSpan.FromMinutes(10);

    private const string Confirm =
        "UPDATE \"SubscriptionGrants\" SET \"ConfirmedAt\" = @p0 WHERE \"Id\" = (SELECT \"Id\" FROM \"SubscriptionGrants\" " +
        "WHERE \"SubjectKey\" = @p1 AND \"TemplateId\" = @p2 AND \"Status\" = @p3 AND \"Source\" <> @p4 AND \"ConfirmedAt\" IS NULL AND \"CreatedAt\" >= @p5 " +
        "ORDER BY \"CreatedAt\" LIMIT 1)";

    private const string OpenCount =
        "SELECT COUNT(*) FROM \"SubscriptionGrants\" WHERE \"SubjectKey\" = @p0 AND \"TemplateId\" = @p1 AND \"Status\" = @p2 AND \"SpentAt\" IS NULL";

    private const string Insert =
        "INSERT INTO \"SubscriptionGrants\" (\"SubjectKey\", \"OpenId\", \"TemplateId\", \"Status\", \"Source\", \"CreatedAt\") VALUES (@p0, @p1, @p2, @p3, @p4, @p5)";

    public async Task ApplyAsync(WriteBatch batch, CancellationToken ct)
    {
        if (await batch.ExecuteAsync(Confirm, ct, batch.Now, subjectKey, templateId, status, source, batch.Now - MatchWindow) == 1) return;
        if (status == SubscriptionStatuses.Accept && Convert.ToInt64(await batch.ScalarAsync(OpenCount, ct, subjectKey, templateId, status)) >= maxOpen) return;
        await batch.ExecuteAsync(Insert, ct, subjectKey, openId, templateId, status, source, batch.Now);
    }
}

/// <summary>
/// The person turned a template off in the mini-program's settings (subscribe_msg_change_event, reject): their
/// open accepts for it are void at once, and the answer is kept.
/// </summary>
internal sealed class RecordSubscriptionTurnedOff(string subjectKey, string openId, string templateId) : IDurableWrite
{
    private const string Void =
        "UPDATE \"SubscriptionGrants\" SET \"SpentAt\" = @p0, \"SpentFor\" = 'turned_off' " +
        "WHERE \"SubjectKey\" = @p1 AND \"TemplateId\" = @p2 AND \"Status\" = 'accept' AND \"SpentAt\" IS NULL";

    public async Task ApplyAsync(WriteBatch batch, CancellationToken ct)
    {
        await batch.ExecuteAsync(Void, ct, batch.Now, subjectKey, templateId);
        await new RecordSubscriptionAnswer(subjectKey, openId, templateId, SubscriptionStatuses.Reject, SubscriptionSources.Push, int.MaxValue).ApplyAsync(batch, ct);
    }
}

/// <summary>subscribe_msg_sent_event: WeChat's word on one message's delivery, filed with the send it reports on.</summary>
internal sealed class RecordSubscribeDelivery(long messageId, string status) : IDurableWrite
{
    private const string Sql = "UPDATE \"SubscribeSends\" SET \"DeliveryStatus\" = @p0, \"DeliveryReportedAt\" = @p1 WHERE \"WechatMessageId\" = @p2";

    public Task ApplyAsync(WriteBatch batch, CancellationToken ct) => batch.ExecuteAsync(Sql, ct, status.Length > 64 ? status[..64] : status, batch.Now, messageId);
}

internal static class SubscriptionSources
{
    public const string Push = "push";
    public const string Api = "api";
}

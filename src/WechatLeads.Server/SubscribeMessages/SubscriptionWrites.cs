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
        """
        UPDATE "SubscriptionGrants" SET "ConfirmedAt" = @At WHERE "Id" = (SELECT "Id" FROM "SubscriptionGrants"
        WHERE "SubjectKey" = @SubjectKey AND "TemplateId" = @TemplateId AND "Status" = @Status AND "Source" <> @Source
        AND "ConfirmedAt" IS NULL AND "CreatedAt" >= @Since ORDER BY "CreatedAt" LIMIT 1)
        """;

    private const string OpenCount =
        """
        SELECT COUNT(*) FROM "SubscriptionGrants"
        WHERE "SubjectKey" = @SubjectKey AND "TemplateId" = @TemplateId AND "Status" = @Status AND "SpentAt" IS NULL
        """;

    private const string Insert =
        """
        INSERT INTO "SubscriptionGrants" ("SubjectKey", "OpenId", "TemplateId", "Status", "Source", "CreatedAt")
        VALUES (@SubjectKey, @OpenId, @TemplateId, @Status, @Source, @CreatedAt)
        """;

    public async Task ApplyAsync(WriteBatch batch, CancellationToken ct)
    {
        var answer = new { SubjectKey = subjectKey, TemplateId = templateId, Status = status };
        var confirm = new { At = batch.Now, answer.SubjectKey, answer.TemplateId, answer.Status, Source = source, Since = batch.Now - MatchWindow };
        if (await batch.ExecuteAsync(Confirm, confirm, ct) == 1) return;
        if (status == SubscriptionStatuses.Accept && Convert.ToInt64(await batch.ScalarAsync(OpenCount, answer, ct)) >= maxOpen) return;
        await batch.ExecuteAsync(
            Insert,
            new { answer.SubjectKey, OpenId = openId, answer.TemplateId, answer.Status, Source = source, CreatedAt = batch.Now },
            ct);
    }
}

/// <summary>
/// The person turned a template off in the mini-program's settings (subscribe_msg_change_event, reject): their
/// open accepts for it are void at once, and the answer is kept.
/// </summary>
internal sealed class RecordSubscriptionTurnedOff(string subjectKey, string openId, string templateId) : IDurableWrite
{
    private const string Void =
        """
        UPDATE "SubscriptionGrants" SET "SpentAt" = @At, "SpentFor" = 'turned_off'
        WHERE "SubjectKey" = @SubjectKey AND "TemplateId" = @TemplateId AND "Status" = 'accept' AND "SpentAt" IS NULL
        """;

    public async Task ApplyAsync(WriteBatch batch, CancellationToken ct)
    {
        await batch.ExecuteAsync(Void, new { At = batch.Now, SubjectKey = subjectKey, TemplateId = templateId }, ct);
        await new RecordSubscriptionAnswer(subjectKey, openId, templateId, SubscriptionStatuses.Reject, SubscriptionSources.Push, int.MaxValue)
            .ApplyAsync(batch, ct);
    }
}

/// <summary>subscribe_msg_sent_event: WeChat's word on one message's delivery, filed with the send it reports on.</summary>
internal sealed class RecordSubscribeDelivery(long messageId, string status) : IDurableWrite
{
    private const string Sql =
        """UPDATE "SubscribeSends" SET "DeliveryStatus" = @Status, "DeliveryReportedAt" = @At WHERE "WechatMessageId" = @MessageId""";

    public Task ApplyAsync(WriteBatch batch, CancellationToken ct) =>
        batch.ExecuteAsync(Sql, new { Status = status.Length > 64 ? status[..64] : status, At = batch.Now, MessageId = messageId }, ct);
}

internal static class SubscriptionSources
{
    public const string Push = "push";
    public const string Api = "api";
}

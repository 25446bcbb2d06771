using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using WechatLeads.Server.Data;
using WechatLeads.Server.Followers;
using WechatLeads.Server.Jobs;

namespace WechatLeads.Server.DataRights;

/// <summary>
/// "Delete everything": the request row and this outbox row are committed together before the person is
/// told it is under way; the job runs every feature's eraser (the same ones an unfollow runs) and then marks
/// the request completed. Idempotent, so the outbox may run it twice. The follower row of someone who still
/// follows stays (it is how the account knows they follow and that they opted out).
/// </summary>
internal sealed class EraseOnRequest(LeadsDbContext db, IEnumerable<IPersonalDataEraser> erasers, TimeProvider time, ILogger<EraseOnRequest> logger)
    : IOutboxHandler
{
    public const string Kind = "data-request.erase";

    public sealed record Payload(string RequestId, string OpenId, string SubjectKey);

    string IOutboxHandler.Kind => Kind;

    public async Task HandleAsync(string payload, CancellationToken cancellationToken)
    {
        var request = JsonSerializer.Deserialize<Payload>(payload)!;
        var now = time.GetUtcNow().UtcDateTime;
        foreach (var eraser in erasers) await eraser.EraseAsync(request.OpenId, request.SubjectKey, now, cancellationToken);
        await db.Set<DataSubjectRequest>().Where(r => r.Id == request.RequestId && r.Status == DataRequestStatus.Received)
            .ExecuteUpdateAsync(s => s.SetProperty(r => r.Status, DataRequestStatus.Completed).SetProperty(r => r.CompletedAt, now), cancellationToken);
        logger.LogInformation("Data-subject deletion {RequestId} completed", request.RequestId);
    }
}

/// <summary>The request row, written in the same transaction as its outbox row.</summary>
internal sealed class DataRequestWrite(DataSubjectRequest request) : IDurableWrite
{
    private const string Sql =
        """
        INSERT INTO "DataSubjectRequests" ("Id", "Type", "SubjectKey", "Channel", "ReceivedAt", "DueAt", "Status", "CompletedAt")
        VALUES (@Id, @Type, @SubjectKey, @Channel, @ReceivedAt, @DueAt, @Status, @CompletedAt)
        """;

    public Task ApplyAsync(WriteBatch batch, CancellationToken cancellationToken) =>
        batch.ExecuteAsync(Sql, new
        {
            request.Id,
            request.Type,
            request.SubjectKey,
            request.Channel,
            request.ReceivedAt,
            request.DueAt,
            request.Status,
            request.CompletedAt,
        }, cancellationToken);
}

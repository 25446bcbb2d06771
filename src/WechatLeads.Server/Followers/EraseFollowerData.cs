using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using WechatLeads.Server.Data;
using WechatLeads.Server.Jobs;
using WechatLeads.Server.Security;

namespace WechatLeads.Server.Followers;

/// <summary>
/// The unfollow erasure: every feature's <see cref="IPersonalDataEraser"/>, then the follower row itself —
/// unless they followed again after the unfollow being handled, in which case the new follow stays.
/// </summary>
internal sealed class EraseFollowerData(
    LeadsDbContext db, IEnumerable<IPersonalDataEraser> erasers, SubjectHasher hasher, ILogger<EraseFollowerData> logger) : IOutboxHandler
{
    public const string Kind = "follower.erase";

    public sealed record Payload(string OpenId, DateTime UnsubscribedAt);

    string IOutboxHandler.Kind => Kind;

    public async Task HandleAsync(string payload, CancellationToken cancellationToken)
    {
        var request = JsonSerializer.Deserialize<Payload>(payload)!;
        var subjectKey = hasher.HashOpenId(request.OpenId);
        foreach (var eraser in erasers) await eraser.EraseAsync(request.OpenId, subjectKey, request.UnsubscribedAt, cancellationToken);

        var removed = await db.Set<Follower>()
            .Where(f => f.OpenId == request.OpenId && !f.Subscribed)
            .ExecuteDeleteAsync(cancellationToken);
        logger.LogInformation("Erased an unfollowed follower's personal data (follower row removed: {Removed})", removed == 1);
    }
}

using System.Text.Json;
using WechatLeads.Server.Data;
using WechatLeads.Server.Platform;

namespace WechatLeads.Server.SubscribeMessages;

/// <summary>
/// A notice promised by a state change (a parcel shipped, a number changed), sent by the outbox: the row is
/// written in the change's own transaction, so the notice is neither lost nor sent for a change that rolled back.
/// The payload names the change only; the values are read when the notice goes, by the feature that made the
/// change (<see cref="ISubscribeNoticeValues"/>).
/// </summary>
internal sealed class SubscribeNotices(SubscribeMessenger messenger, IEnumerable<ISubscribeNoticeValues> sources) : IOutboxHandler
{
    public const string Kind = "subscribe.notice";

    public sealed record Payload(string Purpose, string Reference, string SubjectKey);

    string IOutboxHandler.Kind => Kind;

    /// <summary>Adds the notice's outbox row to <paramref name="db"/>'s pending changes (the caller's transaction saves it).</summary>
    public static void Promise(LeadsDbContext db, string purpose, string reference, string subjectKey, DateTime now) =>
        db.Add(new OutboxMessage
        {
            Id = Ids.New(),
            Kind = Kind,
            Payload = JsonSerializer.Serialize(new Payload(purpose, reference, subjectKey)),
            CreatedAt = now,
            TraceParent = Telemetry.ServerTelemetry.CurrentTraceParent(),
        });

    public async Task HandleAsync(string payload, CancellationToken ct)
    {
        var notice = JsonSerializer.Deserialize<Payload>(payload)!;
        var source = sources.FirstOrDefault(s => s.Purpose == notice.Purpose);
        var values = source is null ? null : await source.ValuesAsync(notice.Reference, notice.SubjectKey, ct);
        if (values is null) return; // erased meanwhile: nothing to tell
        await messenger.SendAsync(notice.Purpose, notice.Reference, notice.SubjectKey, values, ct);
    }

    /// <summary>A moment as the notices show it: Beijing time to the minute.</summary>
    public static string BeijingMinute(DateTime utc) => ChinaTime.Format(utc, "yyyy年M月d日 HH:mm");
}

/// <summary>The values of one purpose's notice (<see cref="SubscribePurposes"/>), read when it is sent; null when the change was erased meanwhile.</summary>
internal interface ISubscribeNoticeValues
{
    string Purpose { get; }

    Task<Dictionary<string, string>?> ValuesAsync(string reference, string subjectKey, CancellationToken ct);
}
